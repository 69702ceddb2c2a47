"""The audit trail: who read or wrote which clinical record, when, and from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    GRANT = "grant"
    REVOKE = "revoke"
    SIGN_IN = "sign-in"


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor_id: str | None
    actor_role: str
    action: AuditAction
    resource: str
    resource_id: str | None
    person_id: str | None
    address: str
    detail: str = ""
    id: int | None = None
