"""Applies the sign-in throttle (`domain.foundation.sign_in_throttle`) to the attempts stored in
the database,
and the known-device tokens that take a browser or app out of the per-address throttle."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from speciosa.domain.foundation.errors import TooManyAttempts
from speciosa.domain.foundation.sessions import SessionKind
from speciosa.domain.foundation.sign_in_throttle import (
    ThrottlePolicy,
    password_change_message,
    progressive_wait,
    throttle_message,
)
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork

DEVICE_TOKEN_LIFETIME = timedelta(days=180)
DEVICE_ID_LENGTH = 32  # a prefix of the device token's hash, stored with each attempt
# Where a password change's check of the current password is counted: a place of its own, so
# that guesses made through a signed-in session (a stolen cookie) are slowed per account
# wherever they come from, and never count against the account's sign-ins or any address.
CHANGE_FORM_PLACE = "(password change)"


def hash_token(token: str) -> str:
    """What is stored of a bearer secret (session, API or device token): its SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """Where a sign-in comes from: the account's e-mail, the address, the known device ("")."""

    email: str
    address: str
    device: str = ""


class SignInThrottle:
    def __init__(self, clock: Clock, policy: ThrottlePolicy | None = None) -> None:
        self._clock = clock
        self.policy = policy or ThrottlePolicy()

    def attempt(
        self, uow: UnitOfWork, email: str, address: str, device_token: str | None
    ) -> Attempt:
        """The attempt's key; the device counts only if its token is this account's and valid."""
        if not device_token or len(device_token) > 256:
            return Attempt(email, address)
        found = uow.sessions.get_with_user(hash_token(device_token))
        if found is None:
            return Attempt(email, address)
        session, user = found
        if (
            session.kind is not SessionKind.DEVICE
            or session.expired(self._clock.now())
            or user.email != email
        ):
            return Attempt(email, address)
        return Attempt(email, address, session.token_hash[:DEVICE_ID_LENGTH])

    def check(self, uow: UnitOfWork, attempt: Attempt) -> None:
        """TooManyAttempts (429, Retry-After) while this account-and-place or this address waits."""
        policy, now = self.policy, self._clock.now()
        since = now - policy.window
        waits = [
            progressive_wait(
                uow.login_attempts.failures_for_pair(
                    attempt.email, attempt.address, attempt.device, since
                ),
                now,
                window=policy.window,
                free=policy.pair_free,
                first_delay=policy.pair_first_delay,
                cap=policy.pair_cap,
            )
        ]
        if not attempt.device:
            waits.append(
                progressive_wait(
                    uow.login_attempts.failures_for_address(attempt.address, since),
                    now,
                    window=policy.window,
                    free=policy.address_free,
                    first_delay=policy.address_first_delay,
                    cap=policy.address_cap,
                )
            )
        wait = max((w for w in waits if w), default=0)
        if wait:
            raise TooManyAttempts(throttle_message(wait), retry_after_seconds=wait)

    def record(self, uow: UnitOfWork, attempt: Attempt, succeeded: bool) -> None:
        uow.login_attempts.add(
            attempt.email, attempt.address, self._clock.now(), succeeded, attempt.device
        )

    def check_password_change(self, uow: UnitOfWork, email: str) -> Attempt:
        """TooManyAttempts (429, Retry-After) while this account's password changes must wait
        (the per-account policy of sign-ins, counted apart); returns the attempt to record."""
        attempt = Attempt(email, CHANGE_FORM_PLACE)
        policy, now = self.policy, self._clock.now()
        wait = progressive_wait(
            uow.login_attempts.failures_for_pair(email, attempt.address, "", now - policy.window),
            now,
            window=policy.window,
            free=policy.pair_free,
            first_delay=policy.pair_first_delay,
            cap=policy.pair_cap,
        )
        if wait:
            raise TooManyAttempts(password_change_message(wait), retry_after_seconds=wait)
        return attempt
