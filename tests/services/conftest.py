"""Services wired to in-memory fakes and a fixed clock: no database, no mocks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.accounts import AccountService, NewUser
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.authentication import AuthenticationService
from speciosa.services.foundation.consent import ConsentService
from speciosa.services.foundation.security_log import SecurityLog
from speciosa.settings import Settings
from tests.conftest import NOW
from tests.fakes import FakeUnitOfWorkFactory, LengthOnlyStrength, PlainHasher
from tests.services.clinic import FakeClinic, build_clinic


@dataclass
class World:
    uow: FakeUnitOfWorkFactory
    clock: FixedClock
    audit: AuditTrail
    guard: AccessGuard
    accounts: AccountService
    auth: AuthenticationService
    consent: ConsentService
    alerts: AlertService

    def user(self, role: Role, email: str) -> Actor:
        created: User = self.accounts.create_user(
            NewUser(email=email, role=role, password="correct horse battery")
        )
        return Actor(created.id, created.role, created.name, "10.0.0.1")


@pytest.fixture
def world() -> World:
    uow = FakeUnitOfWorkFactory()
    clock = FixedClock(NOW)
    hasher = PlainHasher()
    audit = AuditTrail(uow, clock)
    guard = AccessGuard(uow, audit)
    return World(
        uow=uow,
        clock=clock,
        audit=audit,
        guard=guard,
        accounts=AccountService(
            uow, hasher, clock, audit, LengthOnlyStrength(), SecurityLog(uow, clock)
        ),
        auth=AuthenticationService(uow, hasher, clock, audit),
        consent=ConsentService(uow, clock, audit),
        alerts=AlertService(uow, clock, guard, audit),
    )


@pytest.fixture
def fake_clinic(settings: Settings, clock: FixedClock) -> FakeClinic:
    """Every clinical service on the in-memory fakes (see `tests/services/clinic.py`)."""
    return build_clinic(settings, clock)
