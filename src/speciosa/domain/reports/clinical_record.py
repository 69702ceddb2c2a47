"""A person's complete clinical record for another system (the FHIR R4 export and API): the
report model of the period plus what the report shows only in words — the medicine list with
its codes, taper plans with their steps and holds, red-flag reports, skin measurements and the
results of lab certificates.

Pure: frozen dataclasses built by `services.clinical_record` inside one read-only transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from speciosa.domain.dosing.holds import ScheduledStep, TaperHold
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.precautions.records import Medication, RedFlagReport
from speciosa.domain.precautions.rxnorm import MedicineCode
from speciosa.domain.reports.period import PersonReport
from speciosa.domain.sources.certificate import Certificate


class RecordStatus(StrEnum):
    """A record's standing, as FHIR needs it: a record a person or clinician marked as a mistake
    stays in the record with that status (never silently dropped, never shown as current)."""

    CURRENT = "current"
    ENTERED_IN_ERROR = "entered-in-error"


ENTERED_IN_ERROR_NAMES = frozenset({"entered-in-error", "entered_in_error", "corrected", "voided"})


def record_status(value: object) -> RecordStatus:
    """A stored record's status (None, an enum or a string) as a RecordStatus; anything that says
    "entered in error" maps to ENTERED_IN_ERROR, everything else is CURRENT."""
    text = str(getattr(value, "value", value) or "").strip().lower()
    return RecordStatus.ENTERED_IN_ERROR if text in ENTERED_IN_ERROR_NAMES else RecordStatus.CURRENT


@dataclass(frozen=True)
class RecordMedication:
    medication: Medication
    code: MedicineCode | None  # None: no verified standard code
    recognised_as: str | None  # the substance the interaction check recognised


@dataclass(frozen=True)
class RecordTaper:
    plan: TaperPlan
    steps: tuple[ScheduledStep, ...]  # after holds
    holds: tuple[TaperHold, ...]
    explanations: Mapping[str, str]  # hold id -> why, in words


@dataclass(frozen=True)
class RecordRedFlag:
    code: str
    label: str
    urgency: str


@dataclass(frozen=True)
class RecordRedFlagReport:
    report: RedFlagReport
    flags: tuple[RecordRedFlag, ...]


@dataclass(frozen=True)
class ClinicalRecord:
    report: PersonReport
    medications: tuple[RecordMedication, ...]
    tapers: tuple[RecordTaper, ...]
    red_flags: tuple[RecordRedFlagReport, ...]
    skin: tuple[SkinPhotoRecord, ...]  # measured in the period
    certificates: Mapping[str, Certificate]  # certificate id -> what it reports

    @property
    def person_id(self) -> str:
        return self.report.person.id
