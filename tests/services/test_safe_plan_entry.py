"""Issue 12 item 2, safe plan entry: a drafted start is compared with the highest daily amount
the person logged in the last 7 days; more than 10 % above it cannot be approved without a
recorded reason. Golden cases from the issue (6 g/day logged, a 50 g/day plan) and a
Hypothesis property over the service on the in-memory fakes."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speciosa.domain.dosing.plan_entry import LoggedIntake, StartCheckRule, check_start
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.dosing.taper_drafts import PlanDraft
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic

TODAY = NOW.date()


def draft(start: str, unit_step: str = "0.5") -> PlanDraft:
    return PlanDraft(
        substance="kratom",
        start_amount=start,
        unit_step=unit_step,
        reduction_pct="10",
        every_days=7,
        start_date=TODAY.isoformat(),
    )


def person_with_clinician(services: FakeClinic) -> tuple[Actor, Actor]:
    suffix = uuid.uuid4().hex[:8]
    person = make_user(services, Role.PERSON, f"Pat {suffix}")
    clinician = make_user(services, Role.CLINICIAN, f"Dr {suffix}")
    p = Actor(person.id, person.role, person.name)
    c = Actor(clinician.id, clinician.role, clinician.name)
    services.consent.grant(p, c.user_id)
    return p, c


def log(services: FakeClinic, person: Actor, grams: str, days_ago: int) -> None:
    services.doses.record(
        person,
        NewDose(
            id=str(uuid.uuid4()),
            amount=grams,
            taken_at=NOW - timedelta(days=days_ago, hours=2),
        ),
    )


def test_the_reference_rule_is_ten_percent_over_seven_days(fake_clinic: FakeClinic) -> None:
    rule = fake_clinic.tapers.reference.start_check
    assert rule.max_above_pct == Decimal(10)
    assert rule.window_days == 7
    assert "HHS Guide for Clinicians" in rule.source


def test_a_fifty_gram_plan_for_six_grams_a_day_needs_a_reason(fake_clinic: FakeClinic) -> None:
    """The issue's case: 6 g/day logged, a 50 g/day plan (a typo for 5.0) approved in one click."""
    services = fake_clinic
    person, clinician = person_with_clinician(services)
    for days_ago in range(7):
        log(services, person, "3", days_ago)
        log(services, person, "3", days_ago)
    plan = services.tapers.create_draft(clinician, person.user_id, draft("50"))
    approval = services.tapers.approval(clinician, plan.id)
    assert approval.check.needs_reason
    assert approval.check.intake.max_daily == Decimal(6)
    assert [s.amount for s in approval.first_steps] == [Decimal(50), Decimal(45), Decimal("40.5")]
    with pytest.raises(InvalidInput) as refused:
        services.tapers.approve(clinician, plan.id)
    assert refused.value.field == "start_reason"
    assert "50 g/day" in refused.value.detail
    assert "6 g" in refused.value.detail
    assert services.tapers.plans_for(person, person.user_id) == []  # nothing approved
    approved = services.tapers.approve(
        clinician, plan.id, start_reason="Inpatient stabilisation dose agreed with the team"
    )
    assert approved.start_reason == "Inpatient stabilisation dose agreed with the team"
    with services.uow(read_only=True) as uow:
        events = uow.audit.for_person(person.user_id, limit=50)
    assert any(
        "start above logged intake, reason: Inpatient" in e.detail
        for e in events
        if e.resource == "taper_plan"
    )


@pytest.mark.parametrize(
    ("start", "needs_reason"),
    [("6", False), ("6.5", False), ("6.6", False), ("7", True), ("60", True)],
)
def test_up_to_ten_percent_above_the_highest_day_needs_no_reason(
    fake_clinic: FakeClinic, start: str, needs_reason: bool
) -> None:
    services = fake_clinic
    person, clinician = person_with_clinician(services)
    log(services, person, "4", 6)
    log(services, person, "6", 3)  # the highest day: 6 g; 6.6 g is exactly 10 % above
    log(services, person, "12", 8)  # outside the 7-day window: ignored
    plan = services.tapers.create_draft(clinician, person.user_id, draft(start, "0.1"))
    assert services.tapers.approval(clinician, plan.id).check.needs_reason is needs_reason
    if needs_reason:
        with pytest.raises(InvalidInput):
            services.tapers.approve(clinician, plan.id)
    else:
        assert services.tapers.approve(clinician, plan.id).start_reason == ""


def test_a_reason_given_with_the_draft_is_enough(fake_clinic: FakeClinic) -> None:
    services = fake_clinic
    person, clinician = person_with_clinician(services)
    plan = services.tapers.create_draft(
        clinician,
        person.user_id,
        PlanDraft(**{**draft("8").__dict__, "start_reason": "New to Speciosa; uses 8 g/day"}),
    )
    assert services.tapers.approve(clinician, plan.id).start_reason.startswith("New to")


def test_the_domain_check_names_the_window_and_the_limit() -> None:
    rule = StartCheckRule(Decimal(10), 7, "", "s")
    intake = LoggedIntake(TODAY - timedelta(days=6), TODAY, 3, Decimal(6), Decimal(5))
    check = check_start(Decimal(50), "g", intake, rule)
    assert check.needs_reason
    assert check.limit == Decimal("6.6")
    assert "19 Nov to 25 Nov" in check.explanation
    nothing = LoggedIntake(TODAY - timedelta(days=6), TODAY, 0, None, None)
    assert check_start(Decimal(1), "g", nothing, rule).needs_reason


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    daily=st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=7),
    start_halves=st.integers(min_value=1, max_value=120),
    reason=st.sampled_from(["", "Agreed with the person"]),
)
def test_no_approved_plan_starts_over_ten_percent_above_intake_without_a_reason(
    fake_clinic: FakeClinic, daily: list[int], start_halves: int, reason: str
) -> None:
    """Property: whatever was logged (0-20 g a day in 0.5 g steps, any days in the last 7) and
    whatever start is typed, an approved plan's first step is at most 10 % above the highest
    logged day, or the plan carries the recorded reason."""
    services = fake_clinic
    person, clinician = person_with_clinician(services)
    for days_ago, halves in enumerate(daily):
        if halves:
            log(services, person, str(Decimal(halves) / 2), days_ago)
    start = Decimal(start_halves) / 2
    plan = services.tapers.create_draft(clinician, person.user_id, draft(str(start)))
    refused: InvalidInput | None = None
    try:
        approved = services.tapers.approve(clinician, plan.id, start_reason=reason)
    except InvalidInput as error:
        refused = error
    if refused is not None:
        assert refused.field == "start_reason"
        assert not reason
        return
    view = services.tapers.plans_for(clinician, person.user_id)[0]
    first_step = view.schedule[0].amount
    highest = max((Decimal(h) / 2 for h in daily), default=Decimal(0))
    assert first_step == start
    if first_step > highest * Decimal("1.1"):
        assert reason
        assert approved.start_reason == reason
