"""The composition root: Settings -> engine -> unit of work -> services.

Nothing is built at import time. Entrypoints call `bootstrap(settings)` once (per process) and
pass the resulting `Services` to routes and commands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Engine

from speciosa.adapters.clock import FixedClock, SystemClock
from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from speciosa.adapters.passwords import Argon2Hasher
from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.services.access import AccessGuard
from speciosa.services.accounts import AccountService
from speciosa.services.alerts import AlertService
from speciosa.services.audit import AuditTrail
from speciosa.services.authentication import AuthenticationService
from speciosa.services.consent import ConsentService
from speciosa.services.demo.clinic import DemoClinic, DemoSeeder, DemoStep
from speciosa.services.ports import Clock
from speciosa.services.reference import ReferenceCatalogue
from speciosa.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    clock: Clock
    uow: SqlUnitOfWorkFactory
    reference: ReferenceCatalogue
    audit: AuditTrail
    guard: AccessGuard
    accounts: AccountService
    auth: AuthenticationService
    consent: ConsentService
    alerts: AlertService

    def close(self) -> None:
        self.engine.dispose()


@lru_cache(maxsize=1)
def load_reference() -> ReferenceCatalogue:
    """The packaged reference tables, read and validated once per process."""
    return ReferenceCatalogue(YamlReferenceSource())


def bootstrap(
    settings: Settings, *, clock: Clock | None = None, migrate_empty: bool = True
) -> Services:
    """Wire every service. Refuses a database that is behind its migrations (an empty one is
    created when `migrate_empty`)."""
    clock = clock or SystemClock()
    engine = create_db_engine(settings.database_url)
    if migrate_empty:
        try:
            migrate.prepare(engine)
        except Exception:
            engine.dispose()
            raise
    uow = SqlUnitOfWorkFactory(engine)
    reference = load_reference()
    hasher = Argon2Hasher(fast=settings.fast_password_hashing)
    audit = AuditTrail(uow, clock)
    guard = AccessGuard(uow, audit)
    return Services(
        settings=settings,
        engine=engine,
        clock=clock,
        uow=uow,
        reference=reference,
        audit=audit,
        guard=guard,
        accounts=AccountService(uow, hasher, clock, audit),
        auth=AuthenticationService(uow, hasher, clock, audit),
        consent=ConsentService(uow, clock, audit),
        alerts=AlertService(uow, clock, guard, audit),
    )


def demo_steps(services: Services) -> list[DemoStep]:
    """Each feature's part of the demo history, in the order they act on each simulated day."""
    return []


def seed_demo(
    settings: Settings, *, persons: int, days: int, seed: int, now: datetime | None = None
) -> DemoClinic:
    """Create the demo clinic (or describe it, if it exists): same seed, same clinic."""
    now = now or SystemClock().now()
    clock = FixedClock(now)
    # Demo passwords are public; cheap hashes keep seeding fast. Real accounts keep full cost.
    services = bootstrap(replace(settings, fast_password_hashing=True), clock=clock)
    try:
        seeder = DemoSeeder(services.accounts, services.consent, clock, demo_steps(services))
        return seeder.seed(persons=persons, days=days, seed=seed, now=now)
    finally:
        services.close()
