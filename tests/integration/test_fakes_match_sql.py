"""The fakes keep the SQL repositories' promises: the same calls on the fake unit of work, on
SQLite and on PostgreSQL give the same answers — duplicate client ids, newest-first pages with a
cursor, retiring only a current record, one active taper plan per substance, and a unit of work
left without commit keeping nothing. Service tests run on the fakes (`tests/services`); this
is what lets them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from speciosa.domain.dosing.plans import HoldRule, PlanStatus, TaperPlan
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory
from speciosa.settings import Settings
from tests.fakes import FakeUnitOfWorkFactory
from tests.support.postgres import PostgresServer

AT = datetime(2026, 11, 25, 9, tzinfo=UTC)
PERSON = "00000000-0000-4000-8000-000000000001"


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def uow(request: pytest.FixtureRequest, settings: Settings) -> Iterator[UnitOfWorkFactory]:
    """A unit-of-work factory with one person in it, on each backend."""
    factory: UnitOfWorkFactory
    if request.param == "fake":
        factory = FakeUnitOfWorkFactory()
        engine = None
    else:
        url = settings.database_url
        if request.param == "postgresql":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            url = server.create_database()
        engine = create_db_engine(url)
        migrate.prepare(engine)
        factory = SqlUnitOfWorkFactory(engine)
    with factory() as work:
        work.users.add(User(PERSON, "pat@example.org", Role.PERSON, "Pat", AT), "hash")
        work.commit()
    yield factory
    if engine is not None:
        engine.dispose()


def checkin(checkin_id: str, hours: int, total: int = 3) -> CheckIn:
    taken = AT + timedelta(hours=hours)
    return CheckIn(checkin_id, PERSON, "sows", {}, {}, total, "mild", taken, taken, PERSON, "", "f")


def plan(plan_id: str, substance: str = "kratom") -> TaperPlan:
    return TaperPlan(
        id=plan_id,
        person_id=PERSON,
        substance=substance,
        unit="g",
        start_amount=Decimal("6"),
        unit_step=Decimal("0.5"),
        reduction_pct=Decimal("10"),
        every_days=7,
        start_date=date(2026, 11, 25),
        hold_rule=HoldRule("sows", 5, 3, 3),
        note="",
        status=PlanStatus.DRAFT,
        created_at=AT,
        created_by=PERSON,
    )


def approved(draft: TaperPlan) -> TaperPlan:
    return replace(draft, status=PlanStatus.APPROVED, approved_at=AT, approved_by=PERSON)


def test_a_second_add_of_an_id_stores_nothing(uow: UnitOfWorkFactory) -> None:
    with uow() as work:
        assert work.checkins.add(checkin("c1", 0, total=3)) is True
        assert work.checkins.add(checkin("c1", 1, total=9)) is False
        work.commit()
    with uow(read_only=True) as work:
        stored = work.checkins.get("c1")
    assert stored is not None
    assert stored.total == 3


def test_pages_are_newest_first_and_the_cursor_continues_them(uow: UnitOfWorkFactory) -> None:
    with uow() as work:
        for checkin_id, hours in (("a", 0), ("c", 2), ("b", 2), ("d", 5)):
            work.checkins.add(checkin(checkin_id, hours))
        work.commit()
    with uow(read_only=True) as work:
        first = work.checkins.page(PERSON, 2)
        last = first[-1]
        rest = work.checkins.page(PERSON, 10, after=(last.taken_at, last.id))
    assert [c.id for c in first] == ["d", "c"]
    assert [c.id for c in rest] == ["b", "a"]


def test_only_a_current_record_is_retired_and_retired_ones_stop_counting(
    uow: UnitOfWorkFactory,
) -> None:
    with uow() as work:
        work.checkins.add(checkin("c1", 0))
        work.checkins.add(checkin("c2", 1))
        assert work.checkins.mark("c1", RecordStatus.ENTERED_IN_ERROR, None, "typo") is True
        assert work.checkins.mark("c1", RecordStatus.CORRECTED, "c2", "again") is False
        work.commit()
    with uow(read_only=True) as work:
        scored = work.checkins.scored_between(PERSON, AT, AT + timedelta(days=1))
        latest = work.checkins.latest_taken_at([PERSON, "nobody"])
        in_error = work.reports.checkins_in_error_between(PERSON, AT, AT + timedelta(days=1))
    assert [s.id for s in scored] == ["c2"]
    assert latest == {PERSON: AT + timedelta(hours=1)}
    assert [c.id for c in in_error] == ["c1"]


def test_one_approved_plan_per_person_and_substance(uow: UnitOfWorkFactory) -> None:
    with uow() as work:
        for plan_id, substance in (("p1", "kratom"), ("p2", "kratom"), ("p3", "oxycodone")):
            work.taper_plans.add(plan(plan_id, substance))
        assert work.taper_plans.save(approved(plan("p1"))) is True
        assert work.taper_plans.save(approved(plan("p2"))) is False
        assert work.taper_plans.save(approved(plan("p3", "oxycodone"))) is True
        ended = replace(plan("p1"), status=PlanStatus.ENDED, ended_at=AT, ended_by=PERSON)
        assert work.taper_plans.save(ended) is True
        assert work.taper_plans.save(approved(plan("p2"))) is True
        work.commit()
    with uow(read_only=True) as work:
        active = work.taper_plans.active_for_persons([PERSON])
    assert sorted(p.id for p in active) == ["p2", "p3"]


def test_leaving_without_commit_keeps_nothing(uow: UnitOfWorkFactory) -> None:
    with uow() as work:
        work.checkins.add(checkin("c1", 0))
    with uow(read_only=True) as work:
        assert work.checkins.get("c1") is None
        assert work.checkins.page(PERSON, 10) == []
