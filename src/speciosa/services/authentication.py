"""Sign-in, sessions and API tokens, with a per-account and per-address rate limit.

Only a SHA-256 hash of each bearer secret is stored, so a copy of the database cannot be used to
sign in. All state lives in the database, so several workers or hosts can serve one clinic.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from speciosa.domain.accounts import Actor, User, normalise_email
from speciosa.domain.audit import AuditAction
from speciosa.domain.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from speciosa.domain.sessions import AuthSession, LoginLimits, SessionKind, retry_after
from speciosa.services.audit import AuditTrail
from speciosa.services.ports import Clock, PasswordHasher
from speciosa.services.unit_of_work_port import UnitOfWorkFactory

WEB_SESSION_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(hours=8)
# A hash to verify against when the account does not exist, so that the time a failed sign-in
# takes does not reveal which e-mail addresses have accounts.
_ABSENT = "absent-account"


@dataclass(frozen=True)
class SignedIn:
    token: str
    actor: Actor
    csrf_token: str
    expires_in_seconds: int


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AuthenticationService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        audit: AuditTrail,
        limits: LoginLimits | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._hasher = hasher
        self._clock = clock
        self._audit = audit
        self._limits = limits or LoginLimits()
        self._absent_hash: str | None = None  # made on the first failed look-up, not at start

    def sign_in(self, email: str, password: str, address: str, kind: SessionKind) -> SignedIn:
        """Check the password and open a session; refused while account or address is limited."""
        try:
            email = normalise_email(email)
        except InvalidInput:
            email = email.strip().lower()[:254]
        now = self._clock.now()
        since = now - self._limits.window
        with self._uow_factory(read_only=True) as uow:
            wait = max(
                retry_after(
                    uow.login_attempts.failures_for_email(email, since),
                    self._limits.per_account,
                    self._limits.window,
                    now,
                )
                or 0,
                retry_after(
                    uow.login_attempts.failures_for_address(address, since),
                    self._limits.per_address,
                    self._limits.window,
                    now,
                )
                or 0,
            )
            found = uow.users.get_with_hash(email)
        if wait:
            raise TooManyAttempts(
                f"Too many failed sign-ins. Try again in {wait // 60 + 1} minutes.",
                retry_after_seconds=wait,
            )
        user: User | None = found[0] if found else None
        ok = self._hasher.verify(found[1] if found else self._absent_account_hash(), password)
        ok = ok and user is not None and not user.disabled
        with self._uow_factory() as uow:
            uow.login_attempts.add(email, address, now, ok)
            if not ok or user is None:
                uow.commit()
                raise NotAuthenticated("The e-mail or password is not right.")
            token = secrets.token_urlsafe(32)
            lifetime = WEB_SESSION_LIFETIME if kind is SessionKind.WEB else API_TOKEN_LIFETIME
            session = AuthSession(
                token_hash=hash_token(token),
                user_id=user.id,
                kind=kind,
                csrf_token=secrets.token_urlsafe(32),
                created_at=now,
                expires_at=now + lifetime,
                address=address,
            )
            uow.sessions.add(session)
            actor = Actor(user.id, user.role, user.name, address)
            self._audit.add(uow, actor, AuditAction.SIGN_IN, "session", detail=kind.value)
            uow.commit()
        return SignedIn(token, actor, session.csrf_token, int(lifetime.total_seconds()))

    def _absent_account_hash(self) -> str:
        if self._absent_hash is None:
            self._absent_hash = self._hasher.hash(_ABSENT)
        return self._absent_hash

    def resolve(
        self, token: str, kind: SessionKind, address: str = ""
    ) -> tuple[Actor, AuthSession] | None:
        """The actor behind a bearer secret, or None when unknown, expired or of another kind."""
        if not token or len(token) > 256:
            return None
        with self._uow_factory(read_only=True) as uow:
            found = uow.sessions.get_with_user(hash_token(token))
        if found is None:
            return None
        session, user = found
        if session.kind is not kind or session.expired(self._clock.now()) or user.disabled:
            return None
        return Actor(user.id, user.role, user.name, address), session

    def sign_out(self, token: str) -> None:
        with self._uow_factory() as uow:
            uow.sessions.delete(hash_token(token))
            uow.commit()

    def purge_expired(self) -> int:
        with self._uow_factory() as uow:
            removed = uow.sessions.delete_expired(self._clock.now())
            uow.commit()
        return removed


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
