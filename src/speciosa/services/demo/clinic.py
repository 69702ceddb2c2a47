"""The demo clinic: accounts, consent, and a day-by-day walk through each person's history.

The seeder moves a settable clock through the past `days` days and lets each feature's step act
on each day, through the same services the web, API and CLI use — so demo data obeys every rule
(alerts fire as they would have, audit rows are written). Same seed, same clinic.

Each demo person follows one story, so that the dashboard shows every kind of history:
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Protocol

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.services.foundation.accounts import AccountService, NewUser
from speciosa.services.foundation.consent import ConsentService
from speciosa.services.ports.outside import Clock

STORIES = (
    "smooth_taper",  # steady taper, falling scores
    "hold_after_rise",  # scores rise mid-taper; the next step is held
    "failed_coa",  # their batch's lab certificate fails a limit
    "major_interaction",  # takes a benzodiazepine alongside kratom
    "darkening",  # skin photos show progressive darkening
    "missed_week",  # stops checking in for a week
)
DEMO_DOMAIN = "demo.speciosa.example"
FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Jamie",
    "Taylor",
    "Avery",
    "Quinn",
    "Rowan",
    "Drew",
    "Hayden",
    "Emerson",
    "Skyler",
    "Reese",
)
LAST_NAMES = (
    "Rivera",
    "Nguyen",
    "Okafor",
    "Schmidt",
    "Haddad",
    "Kowalski",
    "Tanaka",
    "Moreau",
    "Silva",
    "Lindqvist",
    "Byrne",
    "Mensah",
    "Ivanova",
    "Costa",
    "Novak",
    "Patel",
)


class SettableClock(Clock, Protocol):
    def set(self, at: datetime) -> None: ...


@dataclass(frozen=True)
class DemoAccount:
    id: str
    email: str
    name: str
    password: str
    role: Role

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.role, self.name, "127.0.0.1")


@dataclass(frozen=True)
class DemoPerson:
    account: DemoAccount
    story: str
    index: int


@dataclass
class DemoContext:
    rng: random.Random
    clock: SettableClock
    start: datetime
    days: int
    clinician: DemoAccount
    admin: DemoAccount
    persons: list[DemoPerson] = field(default_factory=list)

    def at(self, day: int, hour: int, minute: int = 0) -> datetime:
        """A moment on simulated day `day` (0 = first day), in UTC."""
        return self.start + timedelta(days=day, hours=hour, minutes=minute)


class DemoStep(Protocol):
    """One feature's part of the demo history."""

    def setup(self, ctx: DemoContext) -> None: ...

    def on_day(self, ctx: DemoContext, day: int) -> None: ...


@dataclass(frozen=True)
class DemoClinic:
    clinicians: list[DemoAccount]
    admins: list[DemoAccount]
    persons: list[DemoPerson]
    created: bool


def _password(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits
    return "demo-" + "".join(rng.choice(alphabet) for _ in range(10))


def plan_accounts(seed: int, persons: int) -> tuple[DemoAccount, DemoAccount, list[DemoPerson]]:
    """Names, e-mails and passwords derived from the seed alone (ids are filled in on creation)."""
    rng = random.Random(seed)
    clinician = DemoAccount(
        "", f"clinician@{DEMO_DOMAIN}", "Dr Robin Ellis", _password(rng), Role.CLINICIAN
    )
    admin = DemoAccount("", f"admin@{DEMO_DOMAIN}", "Clinic Admin", _password(rng), Role.ADMIN)
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    planned = []
    for index in range(persons):
        first, last = names[index % len(names)]
        suffix = "" if index < len(names) else str(index // len(names))
        email = f"{first.lower()}.{last.lower()}{suffix}@{DEMO_DOMAIN}"
        account = DemoAccount("", email, f"{first} {last}", _password(rng), Role.PERSON)
        planned.append(DemoPerson(account, STORIES[index % len(STORIES)], index))
    return clinician, admin, planned


class DemoSeeder:
    def __init__(
        self,
        accounts: AccountService,
        consent: ConsentService,
        clock: SettableClock,
        steps: Sequence[DemoStep] = (),
    ) -> None:
        self._accounts = accounts
        self._consent = consent
        self._clock = clock
        self._steps = list(steps)

    def seed(self, *, persons: int, days: int, seed: int, now: datetime) -> DemoClinic:
        clinician, admin, planned = plan_accounts(seed, persons)
        existing = self._accounts.find_by_email(clinician.email)
        if existing is not None:
            return self._describe_existing(clinician, admin, planned)
        start = datetime.combine((now - timedelta(days=days)).date(), time(0), tzinfo=now.tzinfo)
        self._clock.set(start)
        clinician = self._create(clinician)
        admin = self._create(admin)
        ctx = DemoContext(random.Random(seed + 1), self._clock, start, days, clinician, admin)
        for person in planned:
            account = self._create(person.account)
            ctx.persons.append(DemoPerson(account, person.story, person.index))
            self._consent.grant(account.actor, clinician.id)
            self._consent.set_research_consent(account.actor, True)
        for step in self._steps:
            step.setup(ctx)
        for day in range(days):
            self._clock.set(ctx.at(day, 8))
            for step in self._steps:
                step.on_day(ctx, day)
        self._clock.set(now)
        return DemoClinic([clinician], [admin], ctx.persons, created=True)

    def _create(self, account: DemoAccount) -> DemoAccount:
        user = self._accounts.create_user(
            NewUser(
                email=account.email,
                role=account.role,
                password=account.password,
                name=account.name,
                jurisdiction="US-OR" if account.role is Role.PERSON else None,
            )
        )
        return DemoAccount(user.id, account.email, account.name, account.password, account.role)

    def _describe_existing(
        self, clinician: DemoAccount, admin: DemoAccount, planned: list[DemoPerson]
    ) -> DemoClinic:
        def found(account: DemoAccount) -> DemoAccount | None:
            user = self._accounts.find_by_email(account.email)
            if user is None:
                return None
            return DemoAccount(user.id, account.email, user.name, account.password, account.role)

        persons = []
        for person in planned:
            account = found(person.account)
            if account is not None:
                persons.append(DemoPerson(account, person.story, person.index))
        clinicians = [a for a in [found(clinician)] if a]
        admins = [a for a in [found(admin)] if a]
        return DemoClinic(clinicians, admins, persons, created=False)
