"""Signed-in sessions (web cookie) and API tokens, and the login rate limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class SessionKind(StrEnum):
    WEB = "web"
    API = "api"


@dataclass(frozen=True)
class AuthSession:
    """A session as stored: only a hash of the bearer secret is ever kept."""

    token_hash: str
    user_id: str
    kind: SessionKind
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    address: str

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class LoginLimits:
    """Brute-force protection: failures counted per account and per address in a sliding window.

    OWASP's authentication guidance asks for a lockout threshold and window rather than a
    permanent lock; 10 failures in 15 minutes per account is the figure issue #9 names.
    """

    window: timedelta = timedelta(minutes=15)
    per_account: int = 10
    per_address: int = 50


def retry_after(
    failures: list[datetime], limit: int, window: timedelta, now: datetime
) -> int | None:
    """Seconds until the oldest counted failure leaves the window, or None when under the limit."""
    recent = sorted(t for t in failures if now - t < window)
    if len(recent) < limit:
        return None
    # The window reopens when enough failures age out to drop below the limit.
    release = recent[len(recent) - limit] + window
    return max(1, int((release - now).total_seconds()) + 1)
