"""Who may see whose clinical record: the one rule every route goes through.

A person sees their own record. A clinician sees a person's record only while that person's grant
of access is active. An admin manages accounts and sees no clinical data. A refusal reads as "not
found" so that the existence of a record is not revealed to someone who may not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from speciosa.domain.foundation.accounts import Actor, Role


@dataclass(frozen=True)
class Consent:
    """A person's grant of access to one clinician; active until revoked."""

    person_id: str
    clinician_id: str
    granted_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Purpose(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: str


def decide_person_access(
    actor: Actor, person_id: str, consent: Consent | None, purpose: Purpose
) -> AccessDecision:
    """Decide whether `actor` may read or write the clinical record of `person_id`."""
    if actor.role is Role.PERSON:
        if actor.user_id == person_id:
            return AccessDecision(True, "own record")
        return AccessDecision(False, "a person sees only their own record")
    if actor.role is Role.CLINICIAN:
        if consent is not None and consent.active and consent.person_id == person_id:
            return AccessDecision(True, f"access granted by the person ({purpose.value})")
        return AccessDecision(False, "the person has not granted this clinician access")
    return AccessDecision(False, "admins manage accounts and read no clinical data")
