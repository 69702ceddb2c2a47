"""The security log: events an admin should see and a person's "who looked" list must not hold.

A refused person-scoped read answers 404 (so that it reveals nothing), which made probing record
ids invisible; each refusal is now one row here, with who asked, from where and for what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SecurityEventKind(StrEnum):
    REFUSED_READ = "refused-read"
    REFUSED_WRITE = "refused-write"
    RESET_CODE_ISSUED = "reset-code-issued"
    PASSWORD_RESET = "password-reset"  # noqa: S105 - an event name, not a secret
    PASSWORD_CHANGED = "password-changed"  # noqa: S105 - an event name, not a secret
    ACCOUNT_DISABLED = "account-disabled"


@dataclass(frozen=True)
class SecurityEvent:
    at: datetime
    kind: SecurityEventKind
    actor_id: str | None
    actor_role: str
    address: str
    target: str  # what was asked for, e.g. "person 1234…" or "account 5678…"
    detail: str = ""
    id: int | None = None
