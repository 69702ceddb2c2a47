"""Precautions and red-flag services on the in-memory fakes: alerts in the same transaction,
idempotent client ids, access. The demo clinic is seeded on SQLite."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services, bootstrap
from speciosa.demo_seeding import seed_demo
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.domain.precautions.legal import LegalStatus
from speciosa.settings import Settings
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic


def actor(user: User) -> Actor:
    return Actor(user.id, user.role, user.name, "10.0.0.1")


@pytest.fixture
def people(fake_clinic: FakeClinic) -> tuple[Actor, Actor, Actor]:
    person = actor(make_user(fake_clinic, Role.PERSON, "Pat Person"))
    clinician = actor(make_user(fake_clinic, Role.CLINICIAN, "Dr Cleo"))
    stranger = actor(make_user(fake_clinic, Role.CLINICIAN, "Dr Other"))
    fake_clinic.consent.grant(person, clinician.user_id)
    return person, clinician, stranger


def kinds(services: Services | FakeClinic, who: Actor, person_id: str) -> list[AlertKind]:
    return [a.kind for a in services.alerts.for_person(who, person_id)]


def test_adding_a_benzodiazepine_raises_one_interaction_alert(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor], clock: FixedClock
) -> None:
    person, clinician, _ = people
    change = fake_clinic.precautions.add_medication(person, None, "Xanax")
    assert change.check.interactions[0].severity == "major"
    assert [a.kind for a in change.alerts] == [AlertKind.INTERACTION]
    assert change.alerts[0].title == "Major interaction: kratom with alprazolam"
    # Re-checking the list on the next change does not raise the same alert again.
    clock.set(NOW + timedelta(hours=1))
    fake_clinic.precautions.add_medication(person, None, "metoprolol")
    assert kinds(fake_clinic, clinician, person.user_id) == [AlertKind.INTERACTION]
    overview = fake_clinic.precautions.overview(clinician, person.user_id)
    assert [m.name for m in overview.medications] == ["Xanax", "metoprolol"]
    assert [p.code for p in overview.precautions] == ["other_medications"]


def test_a_moderate_interaction_raises_no_alert(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    change = fake_clinic.precautions.add_medication(person, None, "simvastatin")
    assert [i.severity for i in change.check.interactions] == ["moderate"]
    assert change.alerts == ()
    assert kinds(fake_clinic, clinician, person.user_id) == []


def test_client_ids_make_adding_idempotent(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    client_id = str(uuid.uuid4())
    first = fake_clinic.precautions.add_medication(person, None, "Valium", client_id)
    again = fake_clinic.precautions.add_medication(person, None, "Valium", client_id)
    assert again.replayed
    assert again.medication.id == first.medication.id == client_id
    assert len(fake_clinic.precautions.overview(person, person.user_id).medications) == 1
    assert kinds(fake_clinic, clinician, person.user_id) == [AlertKind.INTERACTION]
    with pytest.raises(Conflict, match="different content"):
        fake_clinic.precautions.add_medication(person, None, "Ativan", client_id)
    with pytest.raises(Conflict, match="already on the list"):
        fake_clinic.precautions.add_medication(person, None, "valium")


def test_removing_and_re_adding_raises_a_new_alert(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    first = fake_clinic.precautions.add_medication(person, None, "Xanax")
    remaining = fake_clinic.precautions.remove_medication(person, first.medication.id)
    assert remaining.interactions == ()
    with pytest.raises(NotFound):
        fake_clinic.precautions.remove_medication(person, first.medication.id)
    fake_clinic.precautions.add_medication(person, None, "Xanax")
    assert kinds(fake_clinic, clinician, person.user_id) == [AlertKind.INTERACTION] * 2


def test_only_the_person_and_consenting_clinicians_see_or_change_the_list(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, stranger = people
    added = fake_clinic.precautions.add_medication(clinician, person.user_id, "gabapentin")
    assert added.medication.added_by == clinician.user_id
    with pytest.raises(NotFound):
        fake_clinic.precautions.overview(stranger, person.user_id)
    with pytest.raises(NotFound):
        fake_clinic.precautions.add_medication(stranger, person.user_id, "Xanax")
    with pytest.raises(NotFound):
        fake_clinic.precautions.remove_medication(stranger, added.medication.id)
    with pytest.raises(InvalidInput, match="person_id"):
        fake_clinic.precautions.add_medication(clinician, None, "Xanax")


def test_unrecognised_names_are_stored_and_reported(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, _, _ = people
    change = fake_clinic.precautions.add_medication(person, None, "Frobnicol")
    assert change.check.unrecognised == ("Frobnicol",)
    with pytest.raises(InvalidInput, match="name"):
        fake_clinic.precautions.add_medication(person, None, "   ")


def test_conditions_change_the_precautions_shown(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    chosen = fake_clinic.precautions.set_conditions(person, None, ["pregnancy", "liver_disease"])
    assert chosen == ("liver_disease", "pregnancy")
    overview = fake_clinic.precautions.overview(clinician, person.user_id)
    assert [p.code for p in overview.precautions] == ["liver_disease", "pregnancy"]
    fake_clinic.precautions.set_conditions(person, None, [])
    assert fake_clinic.precautions.overview(person, person.user_id).precautions == ()
    with pytest.raises(InvalidInput, match="headache"):
        fake_clinic.precautions.set_conditions(person, None, ["headache"])


def test_the_profile_jurisdiction_sets_the_legal_status(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    assert fake_clinic.precautions.overview(person, person.user_id).legal is None
    fake_clinic.precautions.set_jurisdiction(person, None, "us-al")
    legal = fake_clinic.precautions.overview(clinician, person.user_id).legal
    assert legal is not None
    assert (legal.entry.jurisdiction, legal.entry.status) == ("US-AL", LegalStatus.BANNED)
    with pytest.raises(InvalidInput):
        fake_clinic.precautions.set_jurisdiction(person, None, "Oregon!")
    # Issue 12: well-formed but unknown codes are refused too, and nothing is written.
    with pytest.raises(InvalidInput, match="Jurisdiction: 'ZZ-99'"):
        fake_clinic.precautions.set_jurisdiction(person, None, "ZZ-99")
    assert fake_clinic.precautions.overview(person, person.user_id).jurisdiction == "US-AL"


def test_a_red_flag_report_raises_a_red_flag_alert_with_what_to_do(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    fake_clinic.precautions.set_jurisdiction(person, None, "US-OR")
    outcome = fake_clinic.red_flags.report(
        person, None, ["trouble_breathing"], note="short of breath"
    )
    assert outcome.triage.headline == "Get help now: call 911."
    assert [a.kind for a in outcome.alerts] == [AlertKind.RED_FLAG]
    alerts = fake_clinic.alerts.for_person(clinician, person.user_id, open_only=True)
    assert alerts[0].kind is AlertKind.RED_FLAG
    assert alerts[0].source_id == outcome.report.id
    reports = fake_clinic.red_flags.reports_for(clinician, person.user_id)
    assert [r.flags for r in reports] == [("trouble_breathing",)]


def test_one_report_is_read_by_id_however_old_and_refusals_read_like_absence(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, stranger = people
    first = fake_clinic.red_flags.report(person, None, ["dark_urine"]).report
    for _ in range(55):  # more than the newest 50 the page used to search
        fake_clinic.red_flags.report(person, None, ["trouble_breathing"])
    assert fake_clinic.red_flags.report_of(person, first.id).flags == ("dark_urine",)
    assert fake_clinic.red_flags.report_of(clinician, first.id).id == first.id
    absent = str(uuid.uuid4())
    for who, report_id in ((stranger, first.id), (person, absent)):
        with pytest.raises(NotFound) as refused:
            fake_clinic.red_flags.report_of(who, report_id)
        assert refused.value.detail == f"There is no red-flag report {report_id} that you can see."
        assert person.user_id not in refused.value.detail


def test_a_retried_red_flag_report_is_recorded_once(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    client_id = str(uuid.uuid4())
    fake_clinic.red_flags.report(person, None, ["dark_urine"], client_id=client_id)
    again = fake_clinic.red_flags.report(person, None, ["dark_urine"], client_id=client_id)
    assert again.replayed
    assert again.triage.liver
    assert kinds(fake_clinic, clinician, person.user_id) == [AlertKind.RED_FLAG]
    with pytest.raises(Conflict):
        fake_clinic.red_flags.report(person, None, ["seizure"], client_id=client_id)


def test_record_within_joins_the_callers_transaction(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, clinician, _ = people
    with fake_clinic.uow() as uow:
        outcome = fake_clinic.red_flags.record_within(
            uow, person, person.user_id, ["confusion"], checkin_id="checkin-1"
        )
        # Not committed: leaving the block rolls back the report and its alert together.
    assert outcome.report.checkin_id == "checkin-1"
    assert fake_clinic.red_flags.reports_for(person, person.user_id) == []
    assert kinds(fake_clinic, clinician, person.user_id) == []


def test_red_flag_input_is_checked(
    fake_clinic: FakeClinic, people: tuple[Actor, Actor, Actor]
) -> None:
    person, _, stranger = people
    with pytest.raises(InvalidInput, match="Unknown red flag"):
        fake_clinic.red_flags.report(person, None, ["headache"])
    with pytest.raises(InvalidInput, match="note"):
        fake_clinic.red_flags.report(person, None, ["seizure"], note="x" * 1001)
    with pytest.raises(NotFound):
        fake_clinic.red_flags.report(stranger, person.user_id, ["seizure"])
    admin = actor(make_user(fake_clinic, Role.ADMIN, "Ada Admin"))
    with pytest.raises((NotFound, AccessDenied)):
        fake_clinic.red_flags.report(admin, person.user_id, ["seizure"])


def test_the_demo_clinic_has_a_major_interaction_and_a_red_flag(settings: Settings) -> None:
    clinic = seed_demo(settings, persons=6, days=6, seed=3, now=NOW)
    services = bootstrap(settings, clock=FixedClock(NOW))
    try:
        clinician = clinic.clinicians[0]
        who = Actor(clinician.id, Role.CLINICIAN, clinician.name, "127.0.0.1")
        story = next(p for p in clinic.persons if p.story == "major_interaction")
        alerts = services.alerts.for_person(who, story.account.id)
        titles = {(a.kind, a.title) for a in alerts}
        assert (AlertKind.INTERACTION, "Major interaction: kratom with alprazolam") in titles
        assert (AlertKind.RED_FLAG, "Red flag reported: extreme drowsiness") in titles
        jurisdictions = set()
        for person in clinic.persons:
            overview = services.precautions.overview(who, person.account.id)
            assert overview.legal is not None
            jurisdictions.add(overview.jurisdiction)
            if person.story != "major_interaction":
                assert not overview.check.alerting
        assert len(jurisdictions) > 1
    finally:
        services.close()
