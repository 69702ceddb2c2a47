"""Ports: the Protocols through which services reach storage, the clock and other adapters.

Adapters implement them (`speciosa.adapters`); tests use hand-written fakes (`tests/fakes.py`).
A feature adds its repository Protocol here and an attribute on `UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from speciosa.domain.access import Consent
from speciosa.domain.accounts import Role, User
from speciosa.domain.alerts import Alert
from speciosa.domain.audit import AuditEvent
from speciosa.domain.persons import PersonProfile
from speciosa.domain.reference import ReferenceTable
from speciosa.domain.sessions import AuthSession


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class ReferenceSource(Protocol):
    """Where reference tables come from (YAML files shipped in the package)."""

    def load_tables(self) -> Sequence[ReferenceTable]: ...


# ------------------------------------------------------------------ repositories


class UserRepository(Protocol):
    def add(self, user: User, password_hash: str) -> None: ...

    def get(self, user_id: str) -> User | None: ...

    def get_with_hash(self, email: str) -> tuple[User, str] | None: ...

    def list(self, role: Role | None = None) -> list[User]: ...

    def count(self) -> int: ...

    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...


class PersonRepository(Protocol):
    def add(self, profile: PersonProfile) -> None: ...

    def get(self, person_id: str) -> PersonProfile | None: ...

    def save(self, profile: PersonProfile) -> None: ...


class ConsentRepository(Protocol):
    def get(self, person_id: str, clinician_id: str) -> Consent | None: ...

    def save(self, consent: Consent) -> None: ...

    def for_person(self, person_id: str) -> list[Consent]: ...

    def person_ids_for_clinician(self, clinician_id: str) -> list[str]: ...


class SessionRepository(Protocol):
    def add(self, session: AuthSession) -> None: ...

    def get(self, token_hash: str) -> AuthSession | None: ...

    def delete(self, token_hash: str) -> None: ...

    def delete_expired(self, now: datetime) -> int: ...


class LoginAttemptRepository(Protocol):
    def add(self, email: str, address: str, at: datetime, succeeded: bool) -> None: ...

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]: ...

    def failures_for_address(self, address: str, since: datetime) -> list[datetime]: ...


class AuditRepository(Protocol):
    def add(self, event: AuditEvent) -> None: ...

    def for_person(
        self, person_id: str, limit: int, before_id: int | None = None
    ) -> list[AuditEvent]: ...

    def count(self) -> int: ...


class AlertRepository(Protocol):
    def add(self, alert: Alert) -> bool:
        """Store the alert; False (and nothing stored) when its dedupe_key exists already."""
        ...

    def get(self, alert_id: str) -> Alert | None: ...

    def for_person(self, person_id: str, open_only: bool = False) -> list[Alert]: ...

    def open_for_persons(self, person_ids: Sequence[str]) -> list[Alert]: ...

    def save(self, alert: Alert) -> None: ...


# ------------------------------------------------------------------ unit of work


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls everything back."""

    # Read-only properties, so that an adapter's concrete repository types satisfy them.
    @property
    def users(self) -> UserRepository: ...
    @property
    def persons(self) -> PersonRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def login_attempts(self) -> LoginAttemptRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def alerts(self) -> AlertRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
