"""Issue 12 item 3 in the services (on the in-memory fakes): a wrong dose that raised an
escalation alert is marked entered in error, and the alert is closed with a note because the
current doses no longer show the rise; a corrected SOWS is evaluated again and the hold review
sees only current check-ins."""

from __future__ import annotations

import uuid
from datetime import timedelta

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import Alert, AlertKind
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic
from tests.support.instruments import sows


def person(services: FakeClinic) -> Actor:
    user = make_user(services, Role.PERSON, f"Pat {uuid.uuid4().hex[:6]}")
    return Actor(user.id, user.role, user.name)


def log(services: FakeClinic, actor: Actor, grams: str, days_ago: int) -> str:
    dose_id = str(uuid.uuid4())
    services.doses.record(
        actor,
        NewDose(id=dose_id, amount=grams, taken_at=NOW - timedelta(days=days_ago, hours=1)),
    )
    return dose_id


def escalations(services: FakeClinic, actor: Actor, open_only: bool = True) -> list[Alert]:
    return [
        a
        for a in services.alerts.for_person(actor, actor.user_id, open_only=open_only)
        if a.kind is AlertKind.ESCALATION
    ]


def test_a_dose_entered_in_error_closes_the_escalation_it_raised(
    fake_clinic: FakeClinic,
) -> None:
    services = fake_clinic
    pat = person(services)
    for days_ago in range(13, 0, -1):
        log(services, pat, "3", days_ago)
    assert escalations(services, pat) == []
    wrong = log(services, pat, "60", 0)  # meant 6.0: the weekly mean jumps
    assert [a.facts["metric"] for a in escalations(services, pat)] == ["grams_per_day"]

    done = services.doses.mark_entered_in_error(pat, wrong, "typed 60 for 6.0")
    assert [a.kind for a in done.closed] == [AlertKind.ESCALATION]
    assert escalations(services, pat) == []
    closed = escalations(services, pat, open_only=False)[0]
    assert "marked as entered in error" in closed.acknowledgement_note
    day, _ = services.doses.today_summary(pat, pat.user_id)
    assert day is None  # the only dose today no longer counts


def test_a_corrected_sows_is_re_evaluated_and_the_original_stops_counting(
    fake_clinic: FakeClinic,
) -> None:
    services = fake_clinic
    pat = person(services)
    first = str(uuid.uuid4())
    services.checkins.record(
        pat, NewCheckIn(id=first, instrument="sows", answers=sows(2), taken_at=NOW)
    )
    done = services.checkins.correct(pat, first, CheckInCorrection(answers=sows(30)))
    assert done.record.total == 30
    assert [a.kind for a in done.alerts] == [AlertKind.WITHDRAWAL_SEVERE]
    with services.uow(read_only=True) as uow:
        scored = uow.checkins.scored_between(
            pat.user_id, NOW - timedelta(days=1), NOW + timedelta(days=1)
        )
    assert [(c.id, c.total) for c in scored] == [(done.record.id, 30)]
