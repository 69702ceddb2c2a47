"""Repository ports for accounts, sessions, consent, audit, alerts and person profiles.

Adapters implement them (`speciosa.adapters.db.repositories`); tests use hand-written fakes
(`tests/fakes/foundation.py`). A feature adds its repository Protocol here or in
`clinical_repository_ports` and an attribute on `unit_of_work_port.UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from speciosa.domain.foundation.access import Consent
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.foundation.persons import PersonProfile
from speciosa.domain.foundation.security_log import SecurityEvent
from speciosa.domain.foundation.sessions import AuthSession


class UserRepository(Protocol):
    def add(self, user: User, password_hash: str) -> None: ...

    def get(self, user_id: str) -> User | None: ...

    def get_with_hash(self, email: str) -> tuple[User, str] | None: ...

    def list(self, role: Role | None = None) -> list[User]: ...

    def count(self) -> int: ...

    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...

    def set_reset_code(
        self, user_id: str, code_hash: str | None, expires_at: datetime | None
    ) -> None:
        """Store a reset code's hash (the old password stops working), or clear it (None)."""
        ...

    def get_reset_code(self, user_id: str) -> tuple[str, datetime] | None: ...

    def clear_must_change_password(self, user_id: str) -> None: ...


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

    def get_with_user(self, token_hash: str) -> tuple[AuthSession, User] | None:
        """The session and its account in one read (every authenticated request does this)."""
        ...

    def delete(self, token_hash: str) -> None: ...

    def delete_expired(self, now: datetime) -> int: ...

    def delete_for_user(
        self, user_id: str, *, keep: str | None = None, devices_too: bool = True
    ) -> int:
        """End every session and token of an account (but `keep`, a token hash)."""
        ...


class LoginAttemptRepository(Protocol):
    def add(
        self, email: str, address: str, at: datetime, succeeded: bool, device: str = ""
    ) -> None: ...

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]: ...

    def failures_for_address(self, address: str, since: datetime) -> list[datetime]:
        """Failures from an address made without a known-device token."""
        ...

    def failures_for_pair(
        self, email: str, address: str, device: str, since: datetime
    ) -> list[datetime]:
        """Failures on one account from one known device, or (device "") from one address."""
        ...


class SecurityLogRepository(Protocol):
    def add(self, event: SecurityEvent) -> None: ...

    def recent(self, limit: int, before_id: int | None = None) -> list[SecurityEvent]: ...


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
