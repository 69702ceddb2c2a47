"""The "Timeline and report" card on the clinician's page for one person: links only; the pages
it links to read the record (with the access check and audit) when opened."""

from __future__ import annotations

from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor


def load_clinician_reports(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    return {"person_id": person_id}
