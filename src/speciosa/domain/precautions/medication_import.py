"""Medicines brought in from another system (a FHIR Bundle): what each entry becomes on the
person's list, decided before anything is stored so that an import is all or nothing.

Each entry is listed under the name it came with (its text, else its coding's display; the
substance's name when it has only a known code), keeping its code, so that an export of the list
gives back the same codes and names. An entry whose code is unknown (another code system, or an
RxNorm code Speciosa has not confirmed) is still listed and is reported back by its name: the
interaction check names it as unrecognised rather than dropping it silently. An entry already on
the list (same name, or same code) is skipped and reported, and so is one the other system says
is no longer taken (a completed or stopped statement): the list is what the person takes now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.precautions.records import Medication, check_medication_name
from speciosa.domain.precautions.rxnorm import RxNormTable
from speciosa.domain.precautions.substances import normalise_name

MAX_IMPORTED = 100
MAX_CODE_LENGTH = 64  # the columns that keep a code (person_medications)
MAX_SYSTEM_LENGTH = 200
MAX_DISPLAY_LENGTH = 200


@dataclass(frozen=True)
class ImportedMedication:
    """One medicine as another system described it (its first coding and its text)."""

    name: str
    system: str | None = None
    code: str | None = None
    current: bool = True  # False: the other system says it is no longer taken (completed...)
    display: str | None = None  # the coding's display, kept so an export gives it back


class ImportOutcome(StrEnum):
    ADDED = "added"
    ADDED_UNKNOWN_CODE = "added_unknown_code"
    ALREADY_LISTED = "already_listed"
    NOT_CURRENT = "not_current"


@dataclass(frozen=True)
class ImportDecision:
    source: ImportedMedication
    outcome: ImportOutcome
    name: str  # the name the entry is listed under

    @property
    def adds(self) -> bool:
        return self.outcome in (ImportOutcome.ADDED, ImportOutcome.ADDED_UNKNOWN_CODE)


def plan_import(
    entries: Sequence[ImportedMedication], listed: Sequence[Medication], codes: RxNormTable
) -> list[ImportDecision]:
    if not entries:
        raise InvalidInput("The bundle holds no MedicationStatement or MedicationRequest.")
    if len(entries) > MAX_IMPORTED:
        raise InvalidInput(f"A bundle may bring at most {MAX_IMPORTED} medicines at once.")
    names = {m.key for m in listed}
    coded = {(m.code_system, m.code) for m in listed if m.code}
    decisions = []
    for entry in entries:
        if len(entry.code or "") > MAX_CODE_LENGTH or len(entry.system or "") > MAX_SYSTEM_LENGTH:
            raise InvalidInput(
                f"A medicine's code is too long to keep (at most {MAX_CODE_LENGTH} characters, "
                f"its system at most {MAX_SYSTEM_LENGTH}): {entry.name or entry.code!r:.80}."
            )
        substance = codes.substance_for(entry.system or "", entry.code or "")
        if not entry.current:  # a past medicine is reported, not put on the current list
            shown = entry.name.strip() or substance or f"{entry.system} {entry.code}"
            decisions.append(ImportDecision(entry, ImportOutcome.NOT_CURRENT, shown))
            continue
        if not entry.name.strip() and substance is None:
            raise InvalidInput(
                f"A medicine in the bundle has neither a name nor a code Speciosa knows "
                f"({entry.system or 'no system'} {entry.code or 'no code'})."
            )
        name = check_medication_name(entry.name if entry.name.strip() else (substance or ""))
        key = normalise_name(name)
        if key in names or (entry.code and (entry.system, entry.code) in coded):
            decisions.append(ImportDecision(entry, ImportOutcome.ALREADY_LISTED, name))
            continue
        known = substance is not None or not entry.code
        outcome = ImportOutcome.ADDED if known else ImportOutcome.ADDED_UNKNOWN_CODE
        decisions.append(ImportDecision(entry, outcome, name))
        names.add(key)
        if entry.code:
            coded.add((entry.system, entry.code))
    return decisions
