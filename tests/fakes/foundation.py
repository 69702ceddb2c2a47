"""In-memory fakes of the foundation ports: accounts, persons, consent, sessions, sign-in
attempts, the security log, the audit trail and alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.foundation.access import Consent
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.foundation.persons import PersonProfile
from speciosa.domain.foundation.security_log import SecurityEvent
from speciosa.domain.foundation.sessions import AuthSession, SessionKind
from speciosa.services.ports.foundation_repositories import (
    AlertRepository,
    AuditRepository,
    ConsentRepository,
    LoginAttemptRepository,
    PersonRepository,
    SecurityLogRepository,
    SessionRepository,
    UserRepository,
)
from tests.fakes.store import Store


class FakeUsers:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, user: User, password_hash: str) -> None:
        self.s.users[user.id] = (user, password_hash)

    def get(self, user_id: str) -> User | None:
        found = self.s.users.get(user_id)
        return found[0] if found else None

    def get_with_hash(self, email: str) -> tuple[User, str] | None:
        return next((u for u in self.s.users.values() if u[0].email == email), None)

    def list(self, role: Role | None = None) -> list[User]:
        found = [u for u, _ in self.s.users.values() if role is None or u.role is role]
        return sorted(found, key=lambda u: (u.role.value, u.name, u.email))

    def count(self) -> int:
        return len(self.s.users)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self.s.users[user_id] = (self.s.users[user_id][0], password_hash)

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        user, hashed = self.s.users[user_id]
        self.s.users[user_id] = (replace(user, disabled=disabled), hashed)

    def set_reset_code(
        self, user_id: str, code_hash: str | None, expires_at: datetime | None
    ) -> None:
        if code_hash is None or expires_at is None:
            self.s.reset_codes.pop(user_id, None)
            return
        self.s.reset_codes[user_id] = (code_hash, expires_at)
        user, hashed = self.s.users[user_id]
        self.s.users[user_id] = (replace(user, must_change_password=True), hashed)

    def get_reset_code(self, user_id: str) -> tuple[str, datetime] | None:
        return self.s.reset_codes.get(user_id)

    def clear_must_change_password(self, user_id: str) -> None:
        self.s.reset_codes.pop(user_id, None)
        user, hashed = self.s.users[user_id]
        self.s.users[user_id] = (replace(user, must_change_password=False), hashed)


class FakePersons:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, profile: PersonProfile) -> None:
        self.s.persons[profile.person_id] = profile

    def get(self, person_id: str) -> PersonProfile | None:
        return self.s.persons.get(person_id)

    def save(self, profile: PersonProfile) -> None:
        self.s.persons[profile.person_id] = profile


class FakeConsents:
    def __init__(self, store: Store) -> None:
        self.s = store

    def get(self, person_id: str, clinician_id: str) -> Consent | None:
        return self.s.consents.get((person_id, clinician_id))

    def save(self, consent: Consent) -> None:
        self.s.consents[(consent.person_id, consent.clinician_id)] = consent

    def for_person(self, person_id: str) -> list[Consent]:
        found = [c for (p, _), c in self.s.consents.items() if p == person_id]
        return sorted(found, key=lambda c: c.granted_at)

    def person_ids_for_clinician(self, clinician_id: str) -> list[str]:
        return sorted(p for (p, c), v in self.s.consents.items() if c == clinician_id and v.active)


class FakeSessions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, session: AuthSession) -> None:
        self.s.sessions[session.token_hash] = session

    def get(self, token_hash: str) -> AuthSession | None:
        return self.s.sessions.get(token_hash)

    def get_with_user(self, token_hash: str) -> tuple[AuthSession, User] | None:
        session = self.s.sessions.get(token_hash)
        found = self.s.users.get(session.user_id) if session else None
        return (session, found[0]) if session and found else None

    def delete(self, token_hash: str) -> None:
        self.s.sessions.pop(token_hash, None)

    def delete_expired(self, now: datetime) -> int:
        gone = [k for k, v in self.s.sessions.items() if v.expired(now)]
        for key in gone:
            del self.s.sessions[key]
        return len(gone)

    def delete_for_user(
        self, user_id: str, *, keep: str | None = None, devices_too: bool = True
    ) -> int:
        gone = [
            k
            for k, v in self.s.sessions.items()
            if v.user_id == user_id
            and k != keep
            and (devices_too or v.kind is not SessionKind.DEVICE)
        ]
        for key in gone:
            del self.s.sessions[key]
        return len(gone)


class FakeAttempts:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(
        self, email: str, address: str, at: datetime, succeeded: bool, device: str = ""
    ) -> None:
        self.s.attempts.append((email, address, at, succeeded, device))

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]:
        return [a[2] for a in self.s.attempts if a[0] == email and a[2] >= since and not a[3]]

    def failures_for_address(self, address: str, since: datetime) -> list[datetime]:
        return [
            a[2]
            for a in self.s.attempts
            if a[1] == address and not a[4] and a[2] >= since and not a[3]
        ]

    def failures_for_pair(
        self, email: str, address: str, device: str, since: datetime
    ) -> list[datetime]:
        return [
            a[2]
            for a in self.s.attempts
            if a[0] == email
            and a[4] == device
            and (device or a[1] == address)
            and a[2] >= since
            and not a[3]
        ]


class FakeSecurityLog:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, event: SecurityEvent) -> None:
        self.s.security.append(replace(event, id=len(self.s.security) + 1))

    def recent(self, limit: int, before_id: int | None = None) -> list[SecurityEvent]:
        events = [
            e for e in reversed(self.s.security) if before_id is None or (e.id or 0) < before_id
        ]
        return events[:limit]


class FakeAudit:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, event: AuditEvent) -> None:
        self.s.audit.append(replace(event, id=len(self.s.audit) + 1))

    def for_person(
        self, person_id: str, limit: int, before_id: int | None = None
    ) -> list[AuditEvent]:
        events = [
            e
            for e in reversed(self.s.audit)
            if e.person_id == person_id and (before_id is None or (e.id or 0) < before_id)
        ]
        return events[:limit]

    def count(self) -> int:
        return len(self.s.audit)


class FakeAlerts:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, alert: Alert) -> bool:
        if alert.id in self.s.alerts or any(
            a.dedupe_key == alert.dedupe_key for a in self.s.alerts.values()
        ):
            return False
        self.s.alerts[alert.id] = alert
        return True

    def get(self, alert_id: str) -> Alert | None:
        return self.s.alerts.get(alert_id)

    def for_person(self, person_id: str, open_only: bool = False) -> list[Alert]:
        found = [
            a
            for a in self.s.alerts.values()
            if a.person_id == person_id and (a.open or not open_only)
        ]
        return sorted(found, key=lambda a: a.raised_at, reverse=True)

    def open_for_persons(self, person_ids: Sequence[str]) -> list[Alert]:
        return [a for a in self.s.alerts.values() if a.person_id in person_ids and a.open]

    def save(self, alert: Alert) -> None:
        self.s.alerts[alert.id] = alert


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_users: UserRepository = FakeUsers(Store())
_persons: PersonRepository = FakePersons(Store())
_consents: ConsentRepository = FakeConsents(Store())
_sessions: SessionRepository = FakeSessions(Store())
_login_attempts: LoginAttemptRepository = FakeAttempts(Store())
_security_log: SecurityLogRepository = FakeSecurityLog(Store())
_audit: AuditRepository = FakeAudit(Store())
_alerts: AlertRepository = FakeAlerts(Store())
