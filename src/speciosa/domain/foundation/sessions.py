"""Signed-in sessions (web cookie), API tokens and known-device tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SessionKind(StrEnum):
    WEB = "web"
    API = "api"
    # A "known device" cookie: proves an earlier successful sign-in from this browser or app.
    # It opens nothing by itself; it only takes sign-ins out of the per-address throttle.
    DEVICE = "device"


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
