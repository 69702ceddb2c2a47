"""Sign-in, sessions, API tokens and known-device tokens, with the sign-in throttle.

Only a SHA-256 hash of each bearer secret is stored, so a copy of the database cannot be used to
sign in. All state lives in the database, so several workers or hosts can serve one clinic. The
throttle (`sign_in_throttle`) slows guessing per account-and-place and per address but never
locks an account: the right password from another network or a known device still signs in.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from speciosa.domain.foundation.accounts import Actor, User, normalise_email
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import InvalidInput, NotAuthenticated
from speciosa.domain.foundation.sessions import AuthSession, SessionKind
from speciosa.domain.foundation.sign_in_throttle import ThrottlePolicy
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.sign_in_throttle import (
    DEVICE_TOKEN_LIFETIME,
    Attempt,
    SignInThrottle,
    hash_token,
)
from speciosa.services.ports.outside import Clock, PasswordHasher
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["API_TOKEN_LIFETIME", "WEB_SESSION_LIFETIME", "AuthenticationService", "hash_token"]

WEB_SESSION_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(hours=8)
# A hash to verify against when the account does not exist, so that the time a failed sign-in
# takes does not reveal which e-mail addresses have accounts.
_ABSENT = "absent-account"
RESET_PENDING = (
    "An administrator has issued a reset code for this account, so this password no longer "
    "works. Set a new password with the code on the “Reset password” page."
)


@dataclass(frozen=True)
class SignedIn:
    token: str
    actor: Actor
    csrf_token: str
    expires_in_seconds: int
    # The known-device token to keep (new, or the one sent), and how long it lasts.
    device_token: str = ""
    device_max_age: int = int(DEVICE_TOKEN_LIFETIME.total_seconds())


def email_key(email: str) -> str:
    try:
        return normalise_email(email)
    except InvalidInput:
        return email.strip().lower()[:254]


class AuthenticationService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        audit: AuditTrail,
        policy: ThrottlePolicy | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._hasher = hasher
        self._clock = clock
        self._audit = audit
        self.throttle = SignInThrottle(clock, policy)
        self._absent_hash: str | None = None  # made on the first failed look-up, not at start

    def sign_in(
        self,
        email: str,
        password: str,
        address: str,
        kind: SessionKind,
        device_token: str | None = None,
    ) -> SignedIn:
        """Check the password and open a session; 429 while this place must wait (see module)."""
        email = email_key(email)
        with self._uow_factory(read_only=True) as uow:
            attempt = self.throttle.attempt(uow, email, address, device_token)
            self.throttle.check(uow, attempt)
            found = uow.users.get_with_hash(email)
        user: User | None = found[0] if found else None
        ok = self._hasher.verify(found[1] if found else self._absent_account_hash(), password)
        ok = ok and user is not None and not user.disabled
        if ok and user is not None and user.must_change_password:
            # The right (old) password: say why it no longer works. Not counted as a failure.
            raise NotAuthenticated(RESET_PENDING)
        with self._uow_factory() as uow:
            self.throttle.record(uow, attempt, ok)
            if not ok or user is None:
                uow.commit()
                raise NotAuthenticated("The e-mail or password is not right.")
            signed_in = self._open_session(uow, user, address, kind, attempt, device_token)
            uow.commit()
        return signed_in

    def _open_session(
        self,
        uow: UnitOfWork,
        user: User,
        address: str,
        kind: SessionKind,
        attempt: Attempt,
        device_token: str | None,
    ) -> SignedIn:
        now = self._clock.now()
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
        device = device_token if attempt.device and device_token else ""
        if not device:
            device = secrets.token_urlsafe(32)
            uow.sessions.add(
                AuthSession(
                    token_hash=hash_token(device),
                    user_id=user.id,
                    kind=SessionKind.DEVICE,
                    csrf_token="",
                    created_at=now,
                    expires_at=now + DEVICE_TOKEN_LIFETIME,
                    address=address,
                )
            )
        actor = Actor(user.id, user.role, user.name, address)
        self._audit.add(uow, actor, AuditAction.SIGN_IN, "session", detail=kind.value)
        return SignedIn(token, actor, session.csrf_token, int(lifetime.total_seconds()), device)

    def _absent_account_hash(self) -> str:
        if self._absent_hash is None:
            self._absent_hash = self._hasher.hash(_ABSENT)
        return self._absent_hash

    def resolve(
        self, token: str, kind: SessionKind, address: str = ""
    ) -> tuple[Actor, AuthSession] | None:
        """The actor behind a bearer secret, or None when unknown, expired or of another kind."""
        if not token or len(token) > 256 or kind is SessionKind.DEVICE:
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
        """Ends the session or revokes the API token (`DELETE /api/v1/auth/token`)."""
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
