"""Cravings and sleep (answered beside check-ins, not part of SOWS) as a small card on the
person's home page and on the clinician's page for the person: the last week's answers."""

from __future__ import annotations

from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.accounts import Actor
from speciosa.services.withdrawal import person_timezone

SHOWN = 7


def load_wellbeing_card(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    answers = services.wellbeing.recent(actor, person_id, SHOWN)
    with services.uow(read_only=True) as uow:
        tz = person_timezone(uow, person_id)
    return {
        "answers": [(w.recorded_at.astimezone(tz), w) for w in answers],
        "clinician": actor.is_clinician,
    }
