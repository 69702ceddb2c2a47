"""The dashboard's order is computed by the database (only the shown page comes back); on SQLite
and PostgreSQL it must equal the domain's definition, `triage_caseload`, page after page: ranks,
newest-first ties, names compared in lower case by code point (a space before a letter), persons
with nothing open last, acknowledged alerts and other clinicians' persons left out. A silent
person is flagged once, on the load that finds them, and ranks with the rest at once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.reports.dashboard import CaseloadEntry, OpenAlert, triage_caseload
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user
from tests.support.database import unit_of_work
from tests.support.report_world import sows_answers

# Names whose order differs between code-point and locale collation ("Ann Lee" < "Anna B" only
# by code point) and between case-sensitive and lower-case comparison ("bob" vs "Bob Z").
NAMES = [
    *("Anna B", "Ann Lee", "bob", "Bob Z", "Carla", "carl"),
    *("Dee", "Eve", "Finn", "Gus", "Hal", "alex"),
]
# (person index, kind, hours before NOW); equal hours tie across persons on purpose.
ALERTS = [
    (0, AlertKind.DARKENING, 5),
    (1, AlertKind.DARKENING, 5),
    (2, AlertKind.RED_FLAG, 30),
    (3, AlertKind.INTERACTION, 2),
    (3, AlertKind.WITHDRAWAL_RISING, 40),
    (4, AlertKind.WITHDRAWAL_SEVERE, 40),
    (5, AlertKind.TAPER_HOLD, 1),
    (6, AlertKind.MISSED_CHECKIN, 8),
    (6, AlertKind.COA_FAILED, 9),
    (7, AlertKind.RECALL, 4),  # newer than Dee's: Eve goes first despite the name
    (11, AlertKind.DARKENING, 5),
]


def actor(user: User) -> Actor:
    return Actor(user.id, user.role, user.name, "127.0.0.1")


def raise_at(
    services: Services, clock: FixedClock, person_id: str, kind: AlertKind, hours: int
) -> str:
    clock.set(NOW - timedelta(hours=hours))
    with unit_of_work(services) as uow:
        (alert,) = services.alerts.raise_drafts(
            uow,
            [
                AlertDraft(
                    person_id=person_id,
                    kind=kind,
                    title=f"{kind.value} {hours} h ago",
                    explanation="Seeded for the ranking test.",
                    dedupe_key=f"rank:{uuid.uuid4()}",
                )
            ],
        )
        uow.commit()
    clock.set(NOW)
    return alert.id


def expected_order(services: Services, clinician: Actor, persons: list[User]) -> list[str]:
    """The domain's order, from the services' own reads (not the dashboard's queries)."""
    entries, alerts = [], []
    for person in persons:
        entries.append(CaseloadEntry(person.id, person.name, "UTC", False, None, None))
        alerts += [
            OpenAlert(a.id, a.person_id, a.kind, a.title, a.raised_at)
            for a in services.alerts.for_person(clinician, person.id, open_only=True)
        ]
    return [p.person_id for p in triage_caseload(entries, alerts)]


@pytest.fixture
def caseload(services: Services, clock: FixedClock) -> tuple[Actor, list[User]]:
    clinician_user = make_user(services, Role.CLINICIAN, "Dr Rank")
    other_clinician = make_user(services, Role.CLINICIAN, "Dr Other")
    clinician = actor(clinician_user)
    persons = [make_user(services, Role.PERSON, name) for name in NAMES]
    for person in persons:
        services.consent.grant(actor(person), clinician_user.id)
        services.checkins.record(
            actor(person),
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows_answers(0, services),
                taken_at=NOW - timedelta(hours=3),
            ),
        )
    for index, kind, hours in ALERTS:
        raise_at(services, clock, persons[index].id, kind, hours)
    # Acknowledged: Hal's red flag no longer ranks him.
    hal_flag = raise_at(services, clock, persons[10].id, AlertKind.RED_FLAG, 1)
    services.alerts.acknowledge(clinician, hal_flag, "seen")
    # Another clinician's person with a red flag never appears.
    stranger = make_user(services, Role.PERSON, "Stranger")
    services.consent.grant(actor(stranger), other_clinician.id)
    raise_at(services, clock, stranger.id, AlertKind.RED_FLAG, 1)
    return clinician, persons


def test_every_page_follows_the_domain_order(
    services: Services, caseload: tuple[Actor, list[User]]
) -> None:
    clinician, persons = caseload
    services.dashboard.page_size = 3
    first = services.dashboard.load(clinician)
    shown = [row.person.person_id for row in first.rows]
    for page in range(2, first.pages + 1):
        shown += [row.person.person_id for row in services.dashboard.load(clinician, page).rows]
    assert shown == expected_order(services, clinician, persons)
    assert first.total == len(NAMES)
    assert first.pages == 4
    assert first.needing_attention == len({index for index, _, _ in ALERTS})
    names = {p.id: p.name for p in persons}
    assert [names[i] for i in shown[:4]] == ["bob", "Bob Z", "Carla", "carl"]
    # Within a rank the newest alert first; ties at one time fall back to the name in lower
    # case by code point: "alex" < "ann lee" < "anna b".
    assert [names[i] for i in shown[4:9]] == ["Eve", "Dee", "alex", "Ann Lee", "Anna B"]
    # Nothing open comes last, by name; Hal's acknowledged flag does not count.
    assert [names[i] for i in shown[-3:]] == ["Finn", "Gus", "Hal"]
    # Each row carries its open alerts most urgent first, and the reason names the lead.
    bob_z = next(row for row in first.rows if row.person.person_id == persons[3].id)
    assert [a.kind for a in bob_z.person.alerts] == [
        AlertKind.WITHDRAWAL_RISING,
        AlertKind.INTERACTION,
    ]
    assert bob_z.person.reason.startswith("Rising withdrawal")


def test_a_page_past_the_end_shows_the_last_page(
    services: Services, caseload: tuple[Actor, list[User]]
) -> None:
    clinician, _ = caseload
    services.dashboard.page_size = 5
    loaded = services.dashboard.load(clinician, 99)
    assert (loaded.page, loaded.pages, loaded.total) == (3, 3, len(NAMES))
    assert len(loaded.rows) == 2


def test_a_silent_person_is_flagged_once_and_ranks_at_once(
    services: Services, clock: FixedClock, caseload: tuple[Actor, list[User]]
) -> None:
    clinician, persons = caseload
    later = NOW + timedelta(days=services.withdrawal.rules.missed.days, hours=1)
    for person in persons[1:]:  # everyone but Anna B checks in again
        clock.set(later - timedelta(hours=1))
        services.checkins.record(
            actor(person),
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows_answers(0, services),
                taken_at=clock.now(),
            ),
        )
    clock.set(later)
    loaded = services.dashboard.load(clinician)
    anna = next(row.person for row in loaded.rows if row.person.person_id == persons[0].id)
    assert anna.alerts[0].kind is AlertKind.DARKENING
    assert [a.kind for a in anna.alerts].count(AlertKind.MISSED_CHECKIN) == 1
    services.dashboard.load(clinician)
    missed = [
        a
        for a in services.alerts.for_person(clinician, persons[0].id)
        if a.kind is AlertKind.MISSED_CHECKIN
    ]
    assert len(missed) == 1
    assert [row.person.person_id for row in loaded.rows] == expected_order(
        services, clinician, persons
    )[: services.dashboard.page_size]
