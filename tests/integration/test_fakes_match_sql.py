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
from speciosa.domain.foundation.access import Consent
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.alerts import Alert, AlertKind, Severity
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.foundation.persons import PersonProfile
from speciosa.domain.reports.dashboard import CaseloadFilter
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.course import OpioidClass
from speciosa.domain.withdrawal.profile import WithdrawalProfile
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


def checkin(
    checkin_id: str, hours: int, total: int = 3, person_id: str = PERSON, note: str = ""
) -> CheckIn:
    taken = AT + timedelta(hours=hours)
    return CheckIn(
        checkin_id, person_id, "sows", {}, {}, total, "mild", taken, taken, person_id, note, "f"
    )


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


CLINICIAN = "00000000-0000-4000-8000-0000000000c1"
ANN, BOB, CY, DEE, EVE, FAY = (f"00000000-0000-4000-8000-00000000000{n}" for n in range(2, 8))


def alert(
    alert_id: str, person_id: str, kind: AlertKind, hours: int, *, seen: bool = False
) -> Alert:
    raised = AT + timedelta(hours=hours)
    return Alert(
        alert_id,
        person_id,
        kind,
        kind.value,
        "",
        {},
        raised,
        alert_id,
        acknowledged_at=raised if seen else None,
    )


def seed_caseload(uow: UnitOfWorkFactory) -> None:
    """Ann: a red flag and a flagged silence. Bob: an interaction (and an acknowledged red
    flag), checked in after the cutoff. Cy: silent since setting his profile. dee: nothing.
    Eve: no consent. Fay: disabled."""
    with uow() as work:
        work.users.add(User(CLINICIAN, "c@example.org", Role.CLINICIAN, "Dr C", AT), "hash")
        for person_id, name in ((ANN, "Ann"), (BOB, "bob"), (CY, "Cy"), (DEE, "dee"), (EVE, "Eve")):
            work.users.add(User(person_id, f"{name}@example.org", Role.PERSON, name, AT), "h")
        work.users.add(User(FAY, "fay@example.org", Role.PERSON, "Fay", AT, disabled=True), "h")
        for person_id in (ANN, BOB, CY, DEE, FAY):
            work.consents.save(Consent(person_id, CLINICIAN, AT))
        work.persons.add(PersonProfile(ANN, AT.date(), timezone="Europe/Paris"))
        work.withdrawal_profiles.save(
            WithdrawalProfile(CY, (OpioidClass("short_acting"),), AT, AT - timedelta(days=3), CY)
        )
        work.checkins.add(checkin("ann-1", -48, person_id=ANN, note="shaky " * 40))
        work.checkins.add(checkin("bob-1", 1, total=7, person_id=BOB))
        work.checkins.add(checkin("fay-1", -50, person_id=FAY))
        for made in (
            alert("a1", ANN, AlertKind.RED_FLAG, 1),
            alert("a2", ANN, AlertKind.MISSED_CHECKIN, -24),
            alert("b1", BOB, AlertKind.INTERACTION, 2),
            alert("b2", BOB, AlertKind.RED_FLAG, 3, seen=True),
        ):
            work.alerts.add(made)
        work.commit()


def test_the_fake_dashboard_reads_as_the_sql_one(uow: UnitOfWorkFactory) -> None:
    seed_caseload(uow)
    with uow(read_only=True) as work:
        board = work.dashboard
        silences = board.silences(CLINICIAN, AT)
        page = board.triage_page(CLINICIAN, 0, 10)
        silent_page = board.triage_page(CLINICIAN, 0, 10, silent=[CY])
        second = board.triage_page(CLINICIAN, 1, 2)
        past_end = board.triage_page(CLINICIAN, 10, 2)
        named = board.triage_page(CLINICIAN, 0, 10, CaseloadFilter(name="B"))
        high = board.triage_page(CLINICIAN, 0, 10, CaseloadFilter(severity=Severity.HIGH))
        open_only = board.triage_page(CLINICIAN, 0, 10, CaseloadFilter(open_only=True))
        alerts = board.open_alerts_of([ANN, BOB, DEE])
        scored = board.scored_for_persons(
            [BOB, ANN], AT - timedelta(days=3), AT + timedelta(days=1)
        )
    assert sorted((e.person_id, flagged) for e, flagged in silences) == [(ANN, True), (CY, False)]
    ann = next(e for e, _ in silences if e.person_id == ANN)
    assert (ann.timezone, ann.last_checkin_at) == ("Europe/Paris", AT - timedelta(hours=48))
    assert [e.name for e in page.entries] == ["Ann", "bob", "Cy", "dee", "Fay"]
    assert (page.total, page.needing_attention) == (5, 2)
    assert [e.name for e in silent_page.entries] == ["Ann", "bob", "Cy", "dee", "Fay"]
    assert silent_page.needing_attention == 3
    assert ([e.name for e in second.entries], second.total) == (["bob", "Cy"], 5)
    assert (past_end.entries, past_end.total, past_end.needing_attention) == ((), 5, 2)
    assert [e.name for e in named.entries] == ["bob"]
    assert [e.name for e in high.entries] == ["Ann"]
    assert [e.name for e in open_only.entries] == ["Ann", "bob"]
    assert sorted(a.id for a in alerts) == ["a1", "a2", "b1"]
    assert [(s.point.id, len(s.note)) for s in scored] == [("ann-1", 160), ("bob-1", 0)]
