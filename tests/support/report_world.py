"""A small clinic for the report, dashboard and export tests, built through the real services:
a person with a week of SOWS check-ins, a COWS with the pulse in beats per minute, kratom doses,
an alert and a clinician note; their consented clinician; a clinician without consent; a second
person who did not consent to research use."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, Protocol, TypeVar

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.services.dosing.journal import DoseService
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.foundation.accounts import AccountService
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.consent import ConsentService
from speciosa.services.ports.unit_of_work import UnitOfWork
from speciosa.services.reports.person_report import ReportService
from speciosa.services.withdrawal.checkins import CheckInService, NewCheckIn
from tests.conftest import NOW, make_user
from tests.services.clinic import FakeClinic
from tests.support.database import unit_of_work

PERSON_NAME = "Ada Quillfeather"
OTHER_NAME = "Grace Underhill"
NOTE_TEXT = "Reviewed by phone; sleeping better."
SOWS_TOTALS = (22, 18, 15, 12, 9, 7, 5)  # oldest first, one a day
COWS_PULSE_BPM = 104  # bands to a pulse score of 2


def world_unit_of_work(services: ReportServices) -> AbstractContextManager[UnitOfWork]:
    """The app's `Services` hand out no unit of work (tests open the database themselves); the
    fakes' `FakeClinic` has its in-memory one."""
    if isinstance(services, FakeClinic):
        return services.uow()
    assert isinstance(services, Services)
    return unit_of_work(services)


class ReportServices(Protocol):
    """What the world is built through: `Services` (integration) or the fakes' `FakeClinic`."""

    @property
    def accounts(self) -> AccountService: ...
    @property
    def consent(self) -> ConsentService: ...
    @property
    def checkins(self) -> CheckInService: ...
    @property
    def doses(self) -> DoseService: ...
    @property
    def alerts(self) -> AlertService: ...
    @property
    def reports(self) -> ReportService: ...


S = TypeVar("S", bound=ReportServices)


@dataclass
class ClinicWorld(Generic[S]):
    services: S
    person: User
    other: User
    clinician: User
    stranger: User
    admin: User

    def actor(self, user: User) -> Actor:
        return Actor(user.id, user.role, user.name, "127.0.0.1")


# The integration tests' world, built on a real database.
ReportWorld = ClinicWorld[Services]


def sows_answers(total: int, services: ReportServices) -> dict[str, int]:
    """Item scores (0-4) adding up to `total`, filled from the first item on."""
    answers = {}
    for item in services.checkins.instruments.get("sows").items:
        score = min(4, total)
        answers[item.id] = score
        total -= score
    return answers


def cows_answers(services: ReportServices) -> dict[str, object]:
    answers: dict[str, object] = {"pulse_bpm": COWS_PULSE_BPM}
    for item in services.checkins.instruments.get("cows").items:
        if item.id != "pulse":
            answers[item.id] = item.scores[1]  # the first score above zero
    return answers


def build_report_world(services: S, clock: FixedClock) -> ClinicWorld[S]:
    person = make_user(services, Role.PERSON, PERSON_NAME)
    other = make_user(services, Role.PERSON, OTHER_NAME)
    clinician = make_user(services, Role.CLINICIAN, "Dr Report Clinician")
    stranger = make_user(services, Role.CLINICIAN, "Dr No Consent")
    admin = make_user(services, Role.ADMIN, "Report Admin")
    world = ClinicWorld(services, person, other, clinician, stranger, admin)
    for who in (person, other):
        services.consent.grant(world.actor(who), clinician.id)
    services.consent.set_research_consent(world.actor(person), True)
    days = len(SOWS_TOTALS)
    for index, total in enumerate(SOWS_TOTALS):
        at = NOW - timedelta(days=days - 1 - index, hours=2)
        for who in (person, other):
            services.checkins.record(
                world.actor(who),
                NewCheckIn(
                    id=str(uuid.uuid4()),
                    instrument="sows",
                    answers=sows_answers(total, services),
                    taken_at=at,
                    note="felt shaky" if index == 0 else None,
                ),
            )
        services.doses.record(
            world.actor(person),
            NewDose(id=str(uuid.uuid4()), kind="kratom", amount="2.5", unit="g", taken_at=at),
        )
    services.checkins.record(
        world.actor(clinician),
        NewCheckIn(
            id=str(uuid.uuid4()),
            instrument="cows",
            answers=cows_answers(services),
            taken_at=NOW - timedelta(days=1),
            person_id=person.id,
            backdate_reason="Scored on paper at the visit; entered the next day.",
        ),
    )
    with world_unit_of_work(services) as uow:
        services.alerts.raise_drafts(
            uow,
            [
                AlertDraft(
                    person_id=person.id,
                    kind=AlertKind.INTERACTION,
                    title="Major interaction: kratom with alprazolam",
                    explanation="Seeded for the report tests.",
                    dedupe_key=f"report-test:{person.id}",
                )
            ],
        )
        uow.commit()
    services.reports.add_note(world.actor(clinician), person.id, str(uuid.uuid4()), NOTE_TEXT)
    clock.set(NOW)
    return world
