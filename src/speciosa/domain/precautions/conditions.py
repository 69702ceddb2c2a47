"""Conditions that change which precautions a person sees (liver disease, pregnancy, seizure
disorder, heart or breathing conditions, other medications)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date
from speciosa.domain.precautions import rows as r

# Derived from the person's medication list rather than ticked: it is shown whenever they take
# anything besides kratom.
OTHER_MEDICATIONS = "other_medications"


@dataclass(frozen=True)
class ConditionPrecaution:
    code: str
    label: str
    precautions: tuple[str, ...]
    red_flags: tuple[str, ...]
    evidence: tuple[str, ...]
    source: str
    as_of: date
    note: str = ""

    @property
    def derived(self) -> bool:
        return self.code == OTHER_MEDICATIONS


@dataclass(frozen=True)
class ConditionTable:
    rows: tuple[ConditionPrecaution, ...]

    def get(self, code: str) -> ConditionPrecaution | None:
        return next((c for c in self.rows if c.code == code), None)

    @property
    def recordable(self) -> tuple[ConditionPrecaution, ...]:
        """The conditions a person ticks (the derived one follows their medication list)."""
        return tuple(c for c in self.rows if not c.derived)


def parse_conditions(
    table: ReferenceTable, red_flag_codes: Iterable[str], claim_ids: Iterable[str]
) -> ConditionTable:
    flags, claims = set(red_flag_codes), set(claim_ids)
    rows = []
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        item = ConditionPrecaution(
            code=r.text(row, "code", at),
            label=r.text(row, "label", at),
            precautions=r.texts(row, "precautions", at),
            red_flags=r.texts(row, "red_flags", at),
            evidence=r.texts(row, "evidence", at),
            source=r.text(row, "source", at),
            as_of=as_date(row.get("as_of"), at),
            note=r.text(row, "note", at, required=False),
        )
        if not item.precautions:
            raise ReferenceDataError(f"{at}: a condition must list its precautions.")
        unknown = [f for f in item.red_flags if f not in flags] + [
            c for c in item.evidence if c not in claims
        ]
        if unknown:
            raise ReferenceDataError(f"{at}: unknown red flag or claim {', '.join(unknown)}.")
        rows.append(item)
    if OTHER_MEDICATIONS not in {c.code for c in rows}:
        raise ReferenceDataError(f"{table.name}: the '{OTHER_MEDICATIONS}' row is required.")
    return ConditionTable(tuple(rows))


def check_condition_codes(table: ConditionTable, codes: Iterable[str]) -> tuple[str, ...]:
    """Validate the conditions a person records; the derived one cannot be ticked."""
    allowed = [c.code for c in table.recordable]
    chosen = []
    for code in codes:
        value = code.strip()
        if value not in allowed:
            raise InvalidInput(
                f"'{value}' is not a condition Speciosa records; choose from {', '.join(allowed)}.",
                field="conditions",
            )
        if value not in chosen:
            chosen.append(value)
    return tuple(sorted(chosen, key=allowed.index))


def precautions_for(
    table: ConditionTable, conditions: Iterable[str], takes_other_medications: bool
) -> tuple[ConditionPrecaution, ...]:
    """The precautions to show, in table order."""
    wanted = set(conditions)
    if takes_other_medications:
        wanted.add(OTHER_MEDICATIONS)
    return tuple(c for c in table.rows if c.code in wanted)
