"""The reads pages used to make on the database themselves (issue 13) are service methods now:
each checks access like any read of the record and leaves its audit row."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from speciosa.services.foundation.accounts import NewUser
from speciosa.services.foundation.person_time import PersonTimeService
from tests.conftest import NOW
from tests.services.conftest import World

LOS_ANGELES = "America/Los_Angeles"


def rows_since(world: World, before: int) -> list[tuple[str | None, str, str, str | None]]:
    return [
        (e.actor_id, e.action.value, e.resource, e.person_id)
        for e in world.uow.store.audit[before:]
    ]


def person_in(world: World, email: str, timezone: str) -> Actor:
    user = world.accounts.create_user(
        NewUser(email=email, role=Role.PERSON, password="correct horse battery", timezone=timezone)
    )
    return Actor(user.id, user.role, user.name, "10.0.0.1")


def test_the_person_time_zone_is_access_checked_and_audited(world: World) -> None:
    person = person_in(world, "p@x.org", LOS_ANGELES)
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    time = PersonTimeService(world.clock, world.guard)
    with pytest.raises(NotFound):
        time.timezone_of(clinician, person.user_id)
    world.consent.grant(person, clinician.user_id)
    before = len(world.uow.store.audit)
    assert time.timezone_of(clinician, person.user_id) == ZoneInfo(LOS_ANGELES)
    assert rows_since(world, before) == [(clinician.user_id, "read", "profile", person.user_id)]
    # 12:00 UTC is 04:00 in Los Angeles: still the same date there.
    assert time.today_of(person, person.user_id) == NOW.date()
    placed = time.place_local_time(person, person.user_id, datetime(2026, 11, 25, 8, 30))
    assert placed.astimezone(UTC) == datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    zoned = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
    assert time.place_local_time(person, person.user_id, zoned) == zoned


def test_sharing_reads_are_the_person_own_and_audited(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    world.consent.grant(person, clinician.user_id)
    before = len(world.uow.store.audit)
    assert [g.clinician.id for g in world.consent.grants(person)] == [clinician.user_id]
    assert world.consent.research_consented(person) is False
    assert rows_since(world, before) == [
        (person.user_id, "read", "consent", person.user_id),
        (person.user_id, "read", "research-consent", person.user_id),
    ]
    with pytest.raises(AccessDenied):
        world.consent.research_consented(clinician)


def test_the_list_of_whose_records_one_sees_is_audited_per_person(world: World) -> None:
    first = world.user(Role.PERSON, "p@x.org")
    second = world.user(Role.PERSON, "q@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    stranger = world.user(Role.CLINICIAN, "s@x.org")
    for person in (first, second):
        world.consent.grant(person, clinician.user_id)
    before = len(world.uow.store.audit)
    listed = world.guard.readable_persons(clinician)
    assert sorted(u.id for u in listed) == sorted([first.user_id, second.user_id])
    assert sorted(rows_since(world, before), key=str) == sorted(
        [(clinician.user_id, "read", "account", p.user_id) for p in (first, second)], key=str
    )
    before = len(world.uow.store.audit)
    assert world.guard.readable_persons(stranger) == []
    assert rows_since(world, before) == []


def test_who_looked_names_the_readers_and_records_the_look(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    world.consent.grant(person, clinician.user_id)
    world.alerts.for_person(clinician, person.user_id)
    before = len(world.uow.store.audit)
    log = world.audit.own_access_log(person)
    assert log.events[0].actor_id == clinician.user_id
    assert log.names[clinician.user_id] == world.accounts.get(clinician.user_id).name
    assert rows_since(world, before) == [(person.user_id, "read", "audit_log", person.user_id)]
    assert world.audit.own_access_log(person).events[0].resource == "audit_log"
