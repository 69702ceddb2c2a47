"""The precautions cards on the person's home page and on the clinician's page for one person:
loaders that go through the services (access checked, read audited) and return template context."""

from __future__ import annotations

from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.precautions.interactions import Severity

# How many interactions a card lists before linking to the full page.
CARD_LIMIT = 5


def load_precautions_card(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    overview = services.precautions.overview(actor, person_id)
    checklist = services.red_flags.checklist
    flags = {f.code: f.label for f in checklist.flags}
    worst = overview.check.worst
    return {
        "overview": overview,
        "interactions": overview.check.interactions[:CARD_LIMIT],
        "more": max(0, len(overview.check.interactions) - CARD_LIMIT),
        "alerting": len(overview.check.alerting),
        "worst": worst.value if worst else None,
        "serious": worst is not None and worst.rank <= Severity.MAJOR.rank,
        "conditions": [
            services.precautions.reference.conditions.get(code) for code in overview.conditions
        ],
        "flag_labels": flags,
        "label": services.precautions.reference.substances.label,
        "review_days": services.precautions.reference.legal.review_interval_days,
    }
