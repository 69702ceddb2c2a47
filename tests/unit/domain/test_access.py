"""The one access rule, table-driven: who may see whose record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from speciosa.domain.foundation.access import Consent, Purpose, decide_person_access
from speciosa.domain.foundation.accounts import Actor, Role

T = datetime(2026, 1, 1, tzinfo=UTC)
GRANTED = Consent("p1", "c1", T)
REVOKED = Consent("p1", "c1", T, revoked_at=T)
OTHER_PERSON = Consent("p2", "c1", T)

CASES = [
    # actor,                     person, consent,      allowed
    (Actor("p1", Role.PERSON), "p1", None, True),
    (Actor("p2", Role.PERSON), "p1", None, False),
    (Actor("c1", Role.CLINICIAN), "p1", GRANTED, True),
    (Actor("c1", Role.CLINICIAN), "p1", REVOKED, False),
    (Actor("c1", Role.CLINICIAN), "p1", None, False),
    (Actor("c1", Role.CLINICIAN), "p1", OTHER_PERSON, False),
    (Actor("a1", Role.ADMIN), "p1", GRANTED, False),
]


@pytest.mark.parametrize(("actor", "person", "consent", "allowed"), CASES)
@pytest.mark.parametrize("purpose", list(Purpose))
def test_access_rule(
    actor: Actor, person: str, consent: Consent | None, allowed: bool, purpose: Purpose
) -> None:
    decision = decide_person_access(actor, person, consent, purpose)
    assert decision.allowed is allowed
    assert decision.reason
