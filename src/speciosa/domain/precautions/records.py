"""What a person's precautions record holds: their medication list, the conditions they
recorded, and the red flags they reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.precautions.interactions import MAX_NAME_LENGTH
from speciosa.domain.precautions.substances import normalise_name


@dataclass(frozen=True)
class Medication:
    """One entry of the medication list, as the person wrote it (resolved on every check)."""

    id: str
    person_id: str
    name: str
    added_at: datetime
    added_by: str | None
    fingerprint: str
    removed_at: datetime | None = None
    # A standard code it was recorded with (RxNorm from a FHIR import); None for a typed name.
    code_system: str | None = None
    code: str | None = None
    code_display: str | None = None  # the code's display as the other system gave it

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    @property
    def active(self) -> bool:
        return self.removed_at is None


@dataclass(frozen=True)
class RecordedCondition:
    person_id: str
    code: str
    recorded_at: datetime
    recorded_by: str | None


@dataclass(frozen=True)
class RedFlagReport:
    id: str
    person_id: str
    flags: tuple[str, ...]
    reported_at: datetime
    reported_by: str | None
    fingerprint: str
    checkin_id: str | None = None
    note: str = ""


def check_medication_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput("Give the name of the medication or substance.", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"The name must be at most {MAX_NAME_LENGTH} characters.", field="name")
    return name
