"""Check-in and withdrawal services on the in-memory fakes: idempotency, audit, alerts in the
same transaction, the read model for tapers, the missed-check-in sweep and the cursor. The
unique-id race between concurrent copies is database behaviour: tests/integration/
test_checkin_races.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import Conflict
from speciosa.services.foundation.timed_records import decode_cursor
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic
from tests.support.instruments import SOWS_ITEMS


def sows(value: int) -> dict[str, int]:
    return dict.fromkeys(SOWS_ITEMS, value)


@pytest.fixture
def person(fake_clinic: FakeClinic) -> Actor:
    user = make_user(fake_clinic, Role.PERSON, "Pat Person")
    return Actor(user.id, Role.PERSON, user.name)


def audit_count(services: FakeClinic, resource: str) -> int:
    with services.uow(read_only=True) as uow:
        return sum(1 for e in uow.audit.for_person(_pid(services), 500) if e.resource == resource)


def _pid(services: FakeClinic) -> str:
    with services.uow(read_only=True) as uow:
        return next(u.id for u in uow.users.list(Role.PERSON))


def test_record_is_idempotent_and_audited_once(fake_clinic: FakeClinic, person: Actor) -> None:
    new = NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(1))
    first = fake_clinic.checkins.record(person, new)
    again = fake_clinic.checkins.record(person, new)
    assert first.created
    assert not again.created
    assert again.checkin == first.checkin
    assert audit_count(fake_clinic, "checkin") == 1
    with pytest.raises(Conflict):
        fake_clinic.checkins.record(
            person, NewCheckIn(id=new.id, instrument="sows", answers=sows(2))
        )


def test_the_read_model_for_tapers(fake_clinic: FakeClinic, person: Actor) -> None:
    for hours, value in [(50, 1), (49, 3), (26, 2), (1, 0)]:
        fake_clinic.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(value),
                taken_at=NOW - timedelta(hours=hours),
            ),
        )
    scored = fake_clinic.withdrawal.scored_checkins(
        person, person.user_id, NOW - timedelta(days=3), NOW + timedelta(seconds=1)
    )
    assert [(s.instrument, s.total) for s in scored] == [
        ("sows", 16),
        ("sows", 48),
        ("sows", 32),
        ("sows", 0),
    ]
    assert scored[0].taken_at == NOW - timedelta(hours=50)
    daily = fake_clinic.withdrawal.daily_totals(
        person, person.user_id, (NOW - timedelta(days=3)).date(), NOW.date(), "sows"
    )
    assert [(d.day.isoformat(), d.total, d.count) for d in daily] == [
        ("2026-11-23", 48, 2),
        ("2026-11-24", 32, 1),
        ("2026-11-25", 0, 1),
    ]


def test_a_rise_and_a_past_peak_raise_alerts_with_the_numbers(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    fake_clinic.withdrawal.set_profile(person, None, ["short_acting"], NOW - timedelta(days=8))
    for days_ago, total in [(2, 0), (1, 4), (0, 12)]:
        answers = sows(0) | dict.fromkeys(SOWS_ITEMS[:total], 1)
        fake_clinic.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=answers,
                taken_at=NOW - timedelta(days=days_ago),
            ),
        )
    alerts = fake_clinic.alerts.for_person(person, person.user_id)
    assert {a.kind for a in alerts} == {AlertKind.WITHDRAWAL_RISING, AlertKind.WITHDRAWAL_PAST_PEAK}
    rising = next(a for a in alerts if a.kind is AlertKind.WITHDRAWAL_RISING)
    assert (rising.facts["from_total"], rising.facts["to_total"], rising.facts["rise"]) == (
        0,
        12,
        12,
    )
    past = next(a for a in alerts if a.kind is AlertKind.WITHDRAWAL_PAST_PEAK)
    assert past.facts["totals"] == [0, 4, 12]


def test_the_sweep_flags_a_silent_gap_once(fake_clinic: FakeClinic, person: Actor) -> None:
    clock = fake_clinic.clock
    fake_clinic.checkins.record(
        person, NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(0))
    )
    assert fake_clinic.missed_checkins.sweep_missed() == []
    clock.set(NOW + timedelta(days=2, minutes=1))
    raised = fake_clinic.missed_checkins.sweep_missed()
    assert [a.kind for a in raised] == [AlertKind.MISSED_CHECKIN]
    clock.set(NOW + timedelta(days=5))
    assert fake_clinic.missed_checkins.sweep_missed_for(person, person.user_id) == []
    other = make_user(fake_clinic, Role.PERSON, "Never Checked")
    assert fake_clinic.missed_checkins.sweep_missed([other.id]) == []  # not in follow-up


def test_a_form_time_without_zone_is_the_persons_local_time(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    with fake_clinic.uow() as uow:
        profile = uow.persons.get(person.user_id)
        assert profile is not None
        from dataclasses import replace

        uow.persons.save(replace(profile, timezone="America/Los_Angeles"))
        uow.commit()
    saved = fake_clinic.withdrawal.set_profile(
        person,
        None,
        ["kratom"],
        datetime(2026, 11, 24, 9, 0),
    )
    assert saved.last_use_at.astimezone(UTC) == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def test_cursor_round_trip(fake_clinic: FakeClinic, person: Actor) -> None:
    for minutes in range(3):
        fake_clinic.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(0),
                taken_at=NOW - timedelta(minutes=minutes),
            ),
        )
    page = fake_clinic.checkins.page(person, None, limit=2)
    assert page.next is not None
    taken_at, last_id = decode_cursor(page.next)
    assert (taken_at, last_id) == (page.items[-1].taken_at, page.items[-1].id)
    rest = fake_clinic.checkins.page(person, None, cursor=page.next, limit=2)
    assert len(rest.items) == 1
    assert rest.next is None
