"""Sources cards on the person's home page and the clinician's page for one person."""

from __future__ import annotations

from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor


def load_person_sources(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    items = services.products.products_for(actor, person_id)
    return {"current": [i for i in items if i.purchase.current]}


def load_clinician_sources(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    return {"items": services.products.products_for(actor, person_id), "person_id": person_id}
