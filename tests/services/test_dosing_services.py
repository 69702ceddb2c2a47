"""Dose journal, taper plans, holds, escalation and the dependence screen on the in-memory fakes
(the unique ids and the one-active-plan constraint on real databases are in tests/integration):
alkaloid milligrams from a passing certificate, idempotent retries, draft -> approve,
the person sees approved plans only, a rising score holds the next step (once) and alerts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.services.demo.sources import DemoBatch, certificate_json
from speciosa.services.dosing.dependence import NewScreen
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.dosing.taper_drafts import PlanDraft
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic
from tests.support.instruments import sows


@dataclass
class Clinic:
    services: FakeClinic
    person: Actor
    clinician: Actor
    stranger: Actor

    def checkin(self, total: int, days_ago: int) -> None:
        self.services.record_checkin.record(
            self.person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(total),
                taken_at=NOW - timedelta(days=days_ago, hours=1),
            ),
        )


def actor(services: FakeClinic, role: Role, name: str) -> Actor:
    user = make_user(services, role, name)
    return Actor(user.id, user.role, user.name)


@pytest.fixture
def clinic(fake_clinic: FakeClinic) -> Clinic:
    person = actor(fake_clinic, Role.PERSON, "Pat Person")
    clinician = actor(fake_clinic, Role.CLINICIAN, "Dr Cee")
    stranger = actor(fake_clinic, Role.CLINICIAN, "Dr Stranger")
    fake_clinic.consent.grant(person, clinician.user_id)
    return Clinic(fake_clinic, person, clinician, stranger)


def capsule_purchase(clinic: Clinic) -> str:
    """A capsule product (0.5 g each) whose batch has a passing certificate: 1.5 % mitragynine,
    0.02 % 7-OH."""
    services = clinic.services
    batch = DemoBatch("Test Vendor (demo)", "Red Caps", "capsule", "red", "LOT-1", "0.5")
    label = services.products.add_batch(
        clinic.clinician,
        NewProduct(
            vendor=batch.vendor,
            name=batch.product,
            form="capsule",
            colour="red",
            grams_per_unit="0.5",
        ),
        batch.lot,
    )
    content = certificate_json(batch, (NOW - timedelta(days=30)).date().isoformat(), "1.50", "0.02")
    services.certificates.import_coa(
        clinic.clinician,
        CoaUpload(str(uuid.uuid4()), "coa.json", content, label.batch.id),
    )
    view, _ = services.products.record_purchase(
        clinic.person,
        NewPurchase(id=str(uuid.uuid4()), batch_id=label.batch.id, max_daily_grams="6"),
    )
    assert view.alkaloids is not None
    return view.purchase.id


def draft(start_date: str, **changes: object) -> PlanDraft:
    values: dict[str, object] = {
        "substance": "kratom",
        "start_amount": "6",
        "unit_step": "0.5",
        "reduction_pct": "10",
        "every_days": 7,
        "start_date": start_date,
    }
    values.update(changes)
    return PlanDraft(**values)  # type: ignore[arg-type]


TODAY = NOW.date().isoformat()
# No doses are logged before these plans: safe plan entry asks why the start is what it is.
NO_LOG = "Start agreed at the visit; doses not yet logged in Speciosa."


# ---------------------------------------------------------------------- the journal


def test_a_capsule_dose_of_a_certified_batch_shows_grams_and_alkaloid_mg(clinic: Clinic) -> None:
    purchase = capsule_purchase(clinic)
    recorded = clinic.services.doses.record(
        clinic.person,
        NewDose(id=str(uuid.uuid4()), amount="4", unit="unit", purchase_id=purchase),
    )
    dose = recorded.dose
    assert recorded.created
    assert dose.grams == Decimal("2.0")
    # 2 g x 1.5 % x 10 = 30 mg mitragynine; 2 g x 0.02 % x 10 = 0.4 mg 7-OH.
    assert dose.mitragynine_mg == Decimal("30.0")
    assert dose.hydroxymitragynine_mg == Decimal("0.40")
    assert "Red Caps" in dose.product_label


def test_a_retry_returns_the_first_dose_and_a_changed_body_is_a_conflict(clinic: Clinic) -> None:
    dose_id = str(uuid.uuid4())
    first = clinic.services.doses.record(clinic.person, NewDose(id=dose_id, amount="2"))
    again = clinic.services.doses.record(clinic.person, NewDose(id=dose_id, amount="2"))
    assert (first.created, again.created) == (True, False)
    assert again.dose == first.dose
    with pytest.raises(Conflict):
        clinic.services.doses.record(clinic.person, NewDose(id=dose_id, amount="3"))
    assert len(clinic.services.doses.page(clinic.person, None).items) == 1


def test_same_as_last_time_repeats_the_last_kratom_dose(clinic: Clinic) -> None:
    purchase = capsule_purchase(clinic)
    services = clinic.services
    services.doses.record(
        clinic.person, NewDose(id=str(uuid.uuid4()), amount="3", unit="unit", purchase_id=purchase)
    )
    services.doses.record(
        clinic.person,
        NewDose(id=str(uuid.uuid4()), kind="opioid", amount="10", drug="oxycodone"),
    )
    repeat_id = str(uuid.uuid4())
    repeated = services.doses.repeat_last(clinic.person, repeat_id)
    assert (repeated.dose.amount, repeated.dose.unit) == (Decimal(3), "unit")
    assert repeated.dose.purchase_id == purchase
    assert not services.doses.repeat_last(clinic.person, repeat_id).created  # a double tap


def test_an_opioid_dose_carries_its_mme_or_the_reason_it_has_none(clinic: Clinic) -> None:
    oxy = clinic.services.doses.record(
        clinic.person,
        NewDose(id=str(uuid.uuid4()), kind="opioid", amount="10", drug="Oxycodone"),
    ).dose
    assert (oxy.drug, oxy.mme) == ("oxycodone", Decimal("15.00"))  # CDC 2022 factor 1.5
    bup = clinic.services.doses.record(
        clinic.person,
        NewDose(
            id=str(uuid.uuid4()),
            kind="opioid",
            amount="8",
            drug="buprenorphine",
            route="sublingual",
        ),
    ).dose
    assert bup.mme is None
    assert "buprenorphine" in bup.mme_note


def test_who_may_log_and_read_doses(clinic: Clinic) -> None:
    services = clinic.services
    services.doses.record(
        clinic.clinician,
        NewDose(id=str(uuid.uuid4()), amount="2", person_id=clinic.person.user_id),
    )
    with pytest.raises(NotFound):
        services.doses.page(clinic.stranger, clinic.person.user_id)
    with pytest.raises(NotFound):
        services.doses.record(
            clinic.stranger,
            NewDose(id=str(uuid.uuid4()), amount="2", person_id=clinic.person.user_id),
        )
    with pytest.raises(InvalidInput) as caught:
        services.doses.record(clinic.person, NewDose(id=str(uuid.uuid4()), amount="2", unit="ml"))
    assert caught.value.field == "purchase_id"


def test_a_week_of_rising_use_raises_one_escalation_alert_with_the_numbers(clinic: Clinic) -> None:
    services = clinic.services
    for day in range(13, -1, -1):
        grams, count = ("2", 3) if day > 6 else ("3", 4)
        for n in range(count):
            services.doses.record(
                clinic.person,
                NewDose(
                    id=str(uuid.uuid4()),
                    amount=grams,
                    taken_at=NOW - timedelta(days=day, hours=4 - n),
                ),
            )
    alerts = [
        a
        for a in services.alerts.for_person(clinic.clinician, clinic.person.user_id)
        if a.kind is AlertKind.ESCALATION
    ]
    metrics = sorted(str(a.facts["metric"]) for a in alerts)
    assert metrics == ["doses_per_day", "grams_per_day"]
    by_grams = next(a for a in alerts if a.facts["metric"] == "grams_per_day")
    # It fires on the first dose that makes the rise big enough, with the means at that moment.
    assert by_grams.facts["before_mean"] == "6.00"
    rise = Decimal(str(by_grams.facts["after_mean"])) - Decimal("6.00")
    assert rise >= 2
    assert rise / 6 >= Decimal("0.2")


# ---------------------------------------------------------------------- plans


def test_a_draft_is_the_clinicians_until_approved_then_the_person_sees_it(clinic: Clinic) -> None:
    tapers = clinic.services.tapers
    with pytest.raises(AccessDenied):
        tapers.create_draft(clinic.person, clinic.person.user_id, draft(TODAY))
    with pytest.raises(NotFound):
        tapers.create_draft(clinic.stranger, clinic.person.user_id, draft(TODAY))
    plan = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    assert tapers.plans_for(clinic.person, clinic.person.user_id) == []
    with pytest.raises(NotFound):
        tapers.plan(clinic.person, plan.id)
    assert len(tapers.plans_for(clinic.clinician, clinic.person.user_id)) == 1
    edited = tapers.update_draft(clinic.clinician, plan.id, draft(TODAY, start_amount="8"))
    assert edited.start_amount == Decimal(8)
    approved = tapers.approve(clinic.clinician, plan.id, start_reason=NO_LOG)
    assert approved.approved_by == clinic.clinician.user_id
    seen = tapers.plans_for(clinic.person, clinic.person.user_id)
    assert [v.plan.id for v in seen] == [plan.id]
    assert seen[0].current_amount == Decimal(8)
    assert [s.amount for s in seen[0].schedule][:3] == [Decimal(8), Decimal(7), Decimal("6.5")]
    with pytest.raises(Conflict):
        tapers.update_draft(clinic.clinician, plan.id, draft(TODAY))


def test_one_active_plan_per_substance(clinic: Clinic) -> None:
    tapers = clinic.services.tapers
    first = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    second = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    opioid = tapers.create_draft(
        clinic.clinician,
        clinic.person.user_id,
        draft(TODAY, substance="oxycodone", start_amount="40", unit_step="5"),
    )
    tapers.approve(clinic.clinician, first.id, start_reason=NO_LOG)
    with pytest.raises(Conflict, match="End it first"):
        tapers.approve(clinic.clinician, second.id, start_reason=NO_LOG)
    tapers.approve(clinic.clinician, opioid.id, start_reason=NO_LOG)  # another substance is fine
    tapers.end(clinic.clinician, first.id, "switching to a slower plan")
    tapers.approve(clinic.clinician, second.id, start_reason=NO_LOG)
    active = [v for v in tapers.plans_for(clinic.person, clinic.person.user_id) if v.plan.active]
    assert sorted(v.plan.substance for v in active) == ["kratom", "oxycodone"]


def test_invalid_plans_are_refused_naming_the_field(clinic: Clinic) -> None:
    tapers = clinic.services.tapers
    cases = [
        (draft((NOW - timedelta(days=1)).date().isoformat()), "start_date"),
        (draft(TODAY, start_amount="6.3"), "start"),
        (draft(TODAY, reduction_pct="0"), "reduction_pct"),
        (draft(TODAY, every_days="0"), "every_days"),
        (draft(TODAY, substance="heroin"), "substance"),
        (draft(TODAY, hold_min_rise="99"), "hold_min_rise"),
    ]
    for bad, field in cases:
        with pytest.raises(InvalidInput) as caught:
            tapers.create_draft(clinic.clinician, clinic.person.user_id, bad)
        assert caught.value.field == field, bad


# ---------------------------------------------------------------------- holds


def test_a_rising_score_holds_the_next_step_once_and_alerts_the_clinician(clinic: Clinic) -> None:
    services, tapers = clinic.services, clinic.services.tapers
    plan = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    tapers.approve(clinic.clinician, plan.id, start_reason=NO_LOG)
    clinic.checkin(4, days_ago=2)
    clinic.checkin(5, days_ago=1)
    assert tapers.plans_for(clinic.person, clinic.person.user_id)[0].holds == []
    clinic.checkin(14, days_ago=0)  # +10 within 3 days; the rule is 6
    # Recording the check-in reviewed the plan already (however the check-in arrived), so a
    # later review finds the hold stored and stores nothing twice.
    assert services.taper_holds.review_holds(clinic.clinician, clinic.person.user_id) == []
    view = tapers.plans_for(clinic.person, clinic.person.user_id)[0]
    holds = view.holds
    assert [(h.step_index, h.days, h.from_total, h.to_total) for h in holds] == [(1, 7, 4, 14)]
    assert view.next_held
    assert view.next_step is not None
    assert view.next_step.date == NOW.date() + timedelta(days=14)
    assert view.current_amount == Decimal(6)  # held, not reversed
    assert "SOWS rose from 4" in view.explanations[holds[0].id]
    alerts = [
        a
        for a in services.alerts.for_person(clinic.clinician, clinic.person.user_id)
        if a.kind is AlertKind.TAPER_HOLD
    ]
    assert len(alerts) == 1
    assert alerts[0].facts["new_date"] == view.next_step.date.isoformat()
    _, days = tapers.planned_vs_actual(clinic.clinician, plan.id)
    assert [d.planned for d in days] == [Decimal(6)]


def test_a_corrected_checkin_is_reviewed_like_a_new_one_and_the_review_is_audited(
    clinic: Clinic,
) -> None:
    services, tapers = clinic.services, clinic.services.tapers
    plan = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    tapers.approve(clinic.clinician, plan.id, start_reason=NO_LOG)
    clinic.checkin(4, days_ago=1)
    typo = str(uuid.uuid4())
    services.record_checkin.record(
        clinic.person,
        NewCheckIn(id=typo, instrument="sows", answers=sows(5), taken_at=NOW - timedelta(hours=1)),
    )
    assert tapers.plans_for(clinic.person, clinic.person.user_id)[0].holds == []
    done = services.record_checkin.correct(
        clinic.person, typo, CheckInCorrection(answers=sows(14), reason="tapped 5, meant 14")
    )
    holds = tapers.plans_for(clinic.person, clinic.person.user_id)[0].holds
    assert [(h.step_index, h.from_total, h.to_total) for h in holds] == [(1, 4, 14)]
    reviews = {
        e.resource_id: (e.actor_id, e.detail)
        for e in services.audit.for_own_record(clinic.person)
        if e.resource == "taper_hold_review"
    }
    assert reviews[typo] == (clinic.person.user_id, "no hold placed")
    assert reviews[done.record.id] == (clinic.person.user_id, "1 hold placed: step 1 held 7 days")


def test_the_dose_history_read_port_lists_doses_steps_and_holds(clinic: Clinic) -> None:
    services, tapers = clinic.services, clinic.services.tapers
    plan = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    tapers.approve(clinic.clinician, plan.id, start_reason=NO_LOG)
    services.doses.record(clinic.person, NewDose(id=str(uuid.uuid4()), amount="2"))
    clinic.checkin(3, days_ago=1)
    clinic.checkin(12, days_ago=0)
    services.taper_holds.review_holds(clinic.person, clinic.person.user_id)
    history = services.reports.sources.doses.history_in
    with services.uow(read_only=True) as uow:
        found = history(
            uow, clinic.person.user_id, NOW - timedelta(days=1), NOW + timedelta(days=60)
        )
    assert found.available
    assert [d.grams for d in found.doses] == [2.0]
    assert found.plan_steps[0].status == "current"
    assert any(s.status == "held" for s in found.plan_steps)
    assert len(found.holds) == 1


# ---------------------------------------------------------------------- dependence screen


def test_a_screen_is_stored_once_with_its_dsm5_band(clinic: Clinic) -> None:
    service = clinic.services.dependence
    answers = {
        i.id: i.id in {"craving", "tolerance", "withdrawal", "cut_down"}
        for i in service.definition.items
    }
    screen_id = str(uuid.uuid4())
    screen, created = service.record(
        clinic.person, NewScreen(id=screen_id, answers=answers, typical_doses_per_day=4)
    )
    assert (created, screen.count, screen.severity) == (True, 4, "moderate")
    again, created = service.record(
        clinic.person, NewScreen(id=screen_id, answers=answers, typical_doses_per_day=4)
    )
    assert (created, again.id) == (False, screen.id)
    assert [s.id for s in service.screens_for(clinic.clinician, clinic.person.user_id)] == [
        screen_id
    ]


def test_a_checkin_and_its_hold_review_are_stored_together_or_not_at_all(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One write transaction (issue 17): a review that fails takes its check-in with it, so the
    retry — which would review nothing after a stored check-in — records and reviews both."""
    services, tapers = clinic.services, clinic.services.tapers
    plan = tapers.create_draft(clinic.clinician, clinic.person.user_id, draft(TODAY))
    tapers.approve(clinic.clinician, plan.id, start_reason=NO_LOG)
    clinic.checkin(4, days_ago=1)
    rising = NewCheckIn(
        id=str(uuid.uuid4()), instrument="sows", answers=sows(14), taken_at=NOW - timedelta(hours=1)
    )

    def failing_review(*_args: object) -> None:
        raise RuntimeError("the review failed half-way")

    with monkeypatch.context() as patched:
        patched.setattr(services.taper_holds, "store_review_in", failing_review)
        with pytest.raises(RuntimeError):
            services.record_checkin.record(clinic.person, rising)
    with pytest.raises(NotFound):
        services.checkins.get(clinic.person, str(rising.id))
    assert tapers.plans_for(clinic.person, clinic.person.user_id)[0].holds == []

    retried = services.record_checkin.record(clinic.person, rising)
    assert retried.created
    holds = tapers.plans_for(clinic.person, clinic.person.user_id)[0].holds
    assert [(h.step_index, h.from_total, h.to_total) for h in holds] == [(1, 4, 14)]
