"""A person's profile: the non-clinical facts other features key on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from speciosa.domain.foundation.errors import InvalidInput

MAX_JURISDICTION_LENGTH = 6  # ISO 3166-1 alpha-2 or 3166-2 ("US-AL"): at most 6 characters


@dataclass(frozen=True)
class PersonProfile:
    person_id: str
    programme_start: date
    timezone: str = "UTC"
    jurisdiction: str | None = None
    research_consent_at: datetime | None = None

    @property
    def research_consent(self) -> bool:
        return self.research_consent_at is not None

    def with_research_consent(self, at: datetime | None) -> PersonProfile:
        return replace(self, research_consent_at=at)


def normalise_jurisdiction(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) > MAX_JURISDICTION_LENGTH or not all(c.isalnum() or c == "-" for c in code):
        raise InvalidInput(
            f"'{value}' is not an ISO 3166 code such as US or US-AL.", field="jurisdiction"
        )
    return code
