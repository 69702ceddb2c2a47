"""Check-in and withdrawal services on SQLite (the cursor and the unique-id race are database
behaviour, so a fake would be a second database): idempotency under concurrency, audit, alerts
in the same transaction, the read model for tapers, and the missed-check-in sweep."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import Conflict
from speciosa.services.foundation.timed_records import decode_cursor
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user
from tests.support.instruments import SOWS_ITEMS


def sows(value: int) -> dict[str, int]:
    return dict.fromkeys(SOWS_ITEMS, value)


@pytest.fixture
def person(sqlite_services: Services) -> Actor:
    user = make_user(sqlite_services, Role.PERSON, "Pat Person")
    return Actor(user.id, Role.PERSON, user.name)


def audit_count(services: Services, resource: str) -> int:
    with services.uow(read_only=True) as uow:
        return sum(1 for e in uow.audit.for_person(_pid(services), 500) if e.resource == resource)


def _pid(services: Services) -> str:
    with services.uow(read_only=True) as uow:
        return next(u.id for u in uow.users.list(Role.PERSON))


def test_record_is_idempotent_and_audited_once(sqlite_services: Services, person: Actor) -> None:
    new = NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(1))
    first = sqlite_services.checkins.record(person, new)
    again = sqlite_services.checkins.record(person, new)
    assert first.created
    assert not again.created
    assert again.checkin == first.checkin
    assert audit_count(sqlite_services, "checkin") == 1
    with pytest.raises(Conflict):
        sqlite_services.checkins.record(
            person, NewCheckIn(id=new.id, instrument="sows", answers=sows(2))
        )


def test_concurrent_copies_of_one_checkin_store_one_record(
    sqlite_services: Services, person: Actor
) -> None:
    new = NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(2))
    results: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            results.append(sqlite_services.checkins.record(person, new).created)
        except BaseException as error:  # pragma: no cover - the assertion reports it
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert len(sqlite_services.checkins.page(person, None).items) == 1
    alerts = sqlite_services.alerts.for_person(person, person.user_id)
    assert [a.kind for a in alerts] == [AlertKind.WITHDRAWAL_SEVERE]  # 32 >= 21, raised once


def test_the_read_model_for_tapers(sqlite_services: Services, person: Actor) -> None:
    for hours, value in [(50, 1), (49, 3), (26, 2), (1, 0)]:
        sqlite_services.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(value),
                taken_at=NOW - timedelta(hours=hours),
            ),
        )
    scored = sqlite_services.withdrawal.scored_checkins(
        person, person.user_id, NOW - timedelta(days=3), NOW + timedelta(seconds=1)
    )
    assert [(s.instrument, s.total) for s in scored] == [
        ("sows", 16),
        ("sows", 48),
        ("sows", 32),
        ("sows", 0),
    ]
    assert scored[0].taken_at == NOW - timedelta(hours=50)
    daily = sqlite_services.withdrawal.daily_totals(
        person, person.user_id, (NOW - timedelta(days=3)).date(), NOW.date(), "sows"
    )
    assert [(d.day.isoformat(), d.total, d.count) for d in daily] == [
        ("2026-11-23", 48, 2),
        ("2026-11-24", 32, 1),
        ("2026-11-25", 0, 1),
    ]


def test_a_rise_and_a_past_peak_raise_alerts_with_the_numbers(
    sqlite_services: Services, person: Actor
) -> None:
    sqlite_services.withdrawal.set_profile(person, None, ["short_acting"], NOW - timedelta(days=8))
    for days_ago, total in [(2, 0), (1, 4), (0, 12)]:
        answers = sows(0) | dict.fromkeys(SOWS_ITEMS[:total], 1)
        sqlite_services.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=answers,
                taken_at=NOW - timedelta(days=days_ago),
            ),
        )
    alerts = sqlite_services.alerts.for_person(person, person.user_id)
    assert {a.kind for a in alerts} == {AlertKind.WITHDRAWAL_RISING, AlertKind.WITHDRAWAL_PAST_PEAK}
    rising = next(a for a in alerts if a.kind is AlertKind.WITHDRAWAL_RISING)
    assert (rising.facts["from_total"], rising.facts["to_total"], rising.facts["rise"]) == (
        0,
        12,
        12,
    )
    past = next(a for a in alerts if a.kind is AlertKind.WITHDRAWAL_PAST_PEAK)
    assert past.facts["totals"] == [0, 4, 12]


def test_the_sweep_flags_a_silent_gap_once(sqlite_services: Services, person: Actor) -> None:
    clock = sqlite_services.clock
    sqlite_services.checkins.record(
        person, NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(0))
    )
    assert sqlite_services.missed_checkins.sweep_missed() == []
    clock.set(NOW + timedelta(days=2, minutes=1))  # type: ignore[attr-defined]
    raised = sqlite_services.missed_checkins.sweep_missed()
    assert [a.kind for a in raised] == [AlertKind.MISSED_CHECKIN]
    clock.set(NOW + timedelta(days=5))  # type: ignore[attr-defined]
    assert sqlite_services.missed_checkins.sweep_missed_for(person, person.user_id) == []
    other = make_user(sqlite_services, Role.PERSON, "Never Checked")
    assert sqlite_services.missed_checkins.sweep_missed([other.id]) == []  # not in follow-up


def test_a_form_time_without_zone_is_the_persons_local_time(
    sqlite_services: Services, person: Actor
) -> None:
    with sqlite_services.uow() as uow:
        profile = uow.persons.get(person.user_id)
        assert profile is not None
        from dataclasses import replace

        uow.persons.save(replace(profile, timezone="America/Los_Angeles"))
        uow.commit()
    saved = sqlite_services.withdrawal.set_profile(
        person,
        None,
        ["kratom"],
        datetime(2026, 11, 24, 9, 0),
    )
    assert saved.last_use_at.astimezone(UTC) == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def test_cursor_round_trip(sqlite_services: Services, person: Actor) -> None:
    for minutes in range(3):
        sqlite_services.checkins.record(
            person,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(0),
                taken_at=NOW - timedelta(minutes=minutes),
            ),
        )
    page = sqlite_services.checkins.page(person, None, limit=2)
    assert page.next is not None
    taken_at, last_id = decode_cursor(page.next)
    assert (taken_at, last_id) == (page.items[-1].taken_at, page.items[-1].id)
    rest = sqlite_services.checkins.page(person, None, cursor=page.next, limit=2)
    assert len(rest.items) == 1
    assert rest.next is None
