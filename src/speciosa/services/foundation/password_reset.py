"""Admin-issued one-time reset codes: the way back into an account whose password is lost.

An admin issues a code (shown to the admin once, given to the person by phone or in person).
From then on the old password no longer signs in and every session and token of the account is
ended. The code works once, until it expires, and only together with a new password that passes
the strength check; guesses at it are throttled like sign-ins (same per-place and per-address
delays). Only the code's SHA-256 is stored.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, InvalidInput, NotFound
from speciosa.domain.foundation.security_log import SecurityEventKind
from speciosa.services.foundation.accounts import AccountService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.authentication import email_key
from speciosa.services.foundation.security_log import SecurityLog
from speciosa.services.foundation.sign_in_throttle import SignInThrottle, hash_token
from speciosa.services.ports.outside import Clock, PasswordHasher
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory

RESET_CODE_LIFETIME = timedelta(hours=24)
# Read aloud over the phone: no 0/O or 1/I/L. 12 characters of 31 ≈ 59 bits.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 12
WRONG_CODE = "The e-mail or reset code is not right, or the code has expired or been used."


@dataclass(frozen=True)
class ResetCode:
    code: str  # shown once; "XXXX-XXXX-XXXX"
    expires_at: datetime


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:64]


class PasswordResetService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        audit: AuditTrail,
        accounts: AccountService,
        throttle: SignInThrottle,
        security: SecurityLog,
    ) -> None:
        self._uow_factory = uow_factory
        self._hasher = hasher
        self._clock = clock
        self._audit = audit
        self._accounts = accounts
        self._throttle = throttle
        self._security = security

    def issue(self, actor: Actor, user_id: str) -> ResetCode:
        if not actor.is_admin:
            raise AccessDenied("Only an admin can issue a reset code.")
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
        expires_at = self._clock.now() + RESET_CODE_LIFETIME
        with self._uow_factory() as uow:
            if uow.users.get(user_id) is None:
                raise NotFound(f"There is no account {user_id}.")
            uow.users.set_reset_code(user_id, hash_token(raw), expires_at)
            uow.sessions.delete_for_user(user_id)
            self._audit.add(
                uow, actor, AuditAction.UPDATE, "account", resource_id=user_id, detail="reset code"
            )
            self._security.add(
                uow,
                self._security.event(
                    SecurityEventKind.RESET_CODE_ISSUED,
                    actor,
                    f"account {user_id}",
                    f"expires {expires_at.isoformat(timespec='minutes')}",
                ),
            )
            uow.commit()
        return ResetCode("-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4)), expires_at)

    def reset(self, email: str, code: str, new_password: str, address: str) -> None:
        """Set a new password with a reset code; InvalidInput (throttled like sign-in) if wrong."""
        email = email_key(email)
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            attempt = self._throttle.attempt(uow, email, address, None)
            self._throttle.check(uow, attempt)
            found = uow.users.get_with_hash(email)
            stored = uow.users.get_reset_code(found[0].id) if found else None
        given = hash_token(normalise_code(code))
        ok = (
            found is not None
            and stored is not None
            and not found[0].disabled
            and now < stored[1]
            and hmac.compare_digest(stored[0], given)
        )
        if not ok or found is None or stored is None:
            with self._uow_factory() as uow:
                self._throttle.record(uow, attempt, succeeded=False)
                uow.commit()
            raise InvalidInput(WRONG_CODE, field="code")
        user = found[0]
        try:
            self._accounts.check_new_password(new_password, user.email, user.name)
        except InvalidInput as weak:
            raise InvalidInput(weak.detail, field="new_password") from None
        new_hash = self._hasher.hash(new_password)
        with self._uow_factory() as uow:
            current = uow.users.get_reset_code(user.id)
            if current is None or current[0] != stored[0]:  # used meanwhile: once only
                raise InvalidInput(WRONG_CODE, field="code")
            uow.users.set_password_hash(user.id, new_hash)
            uow.users.clear_must_change_password(user.id)
            uow.sessions.delete_for_user(user.id, devices_too=False)
            self._throttle.record(uow, attempt, succeeded=True)
            actor = Actor(user.id, user.role, user.name, address)
            self._audit.add(
                uow, actor, AuditAction.UPDATE, "account", resource_id=user.id, detail="reset"
            )
            self._security.add(
                uow,
                self._security.event(SecurityEventKind.PASSWORD_RESET, actor, f"account {user.id}"),
            )
            uow.commit()
