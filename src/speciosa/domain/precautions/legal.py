"""Legal status of kratom by ISO 3166 jurisdiction, on a given day, and whether it is stale.

A jurisdiction may have several rows (a ban that starts or ends on a date); the row with the
latest `effective_from` on or before the day asked about applies. A row older than the table's
review interval "may be out of date". For a US state the federal row in force is attached as an
overlay: federal scheduling (e.g. of concentrated 7-OH) applies in every state.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput, NotFound, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date, is_stale
from speciosa.domain.precautions import rows as r

ISO_CODE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
FEDERAL_CODE = "US"  # the federal row, shown beside every US state's


class LegalStatus(StrEnum):
    LEGAL = "legal"
    REGULATED = "regulated"
    RESTRICTED = "restricted"
    BANNED = "banned"


@dataclass(frozen=True)
class LegalEntry:
    jurisdiction: str
    name: str
    status: LegalStatus
    minimum_age: int | None
    notes: str
    source: str
    as_of: date
    effective_from: date | None
    verified: bool
    note: str = ""
    seven_oh_rules: str = ""


@dataclass(frozen=True)
class LegalFinding:
    """The entry in force on `on`, whether it is past its review, and the next dated change."""

    entry: LegalEntry
    on: date
    stale: bool
    upcoming: LegalEntry | None = None
    fallback_for: str | None = None  # set when a country row stands in for a missing subdivision
    federal: LegalFinding | None = None  # for a US state: the federal status on the same day


@dataclass(frozen=True)
class LegalTable:
    entries: Mapping[str, tuple[LegalEntry, ...]]  # code -> rows sorted by effective_from
    review_interval_days: int

    @property
    def codes(self) -> list[str]:
        return sorted(self.entries)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(code, name) for a picker: countries first, then US states, each by name."""
        named = [(code, rows[-1].name) for code, rows in self.entries.items()]
        return sorted(named, key=lambda c: ("-" in c[0], c[1]))


def require_known(table: LegalTable, value: str) -> str:
    """The code, normalised, if the table has it; otherwise InvalidInput naming the field."""
    code = value.strip().upper()
    if code not in table.entries:
        raise InvalidInput(
            f"Jurisdiction: '{value.strip()}' is not one Speciosa knows. Choose your country or "
            "US state from the list (for example US-OR, TH or GB).",
            field="jurisdiction",
        )
    return code


def normalise_code(value: str) -> str:
    code = value.strip().upper()
    if not ISO_CODE.match(code):
        raise InvalidInput(
            f"'{value.strip()}' is not an ISO 3166 code such as US, TH or US-OR.", field="code"
        )
    return code


def parse_legal(table: ReferenceTable) -> LegalTable:
    grouped: dict[str, list[LegalEntry]] = defaultdict(list)
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        code = r.text(row, "jurisdiction", at).upper()
        if not ISO_CODE.match(code):
            raise ReferenceDataError(f"{at}: '{code}' is not an ISO 3166 code.")
        grouped[code].append(
            LegalEntry(
                jurisdiction=code,
                name=r.text(row, "name", at),
                status=LegalStatus(
                    r.choice(row, "status", at, tuple(s.value for s in LegalStatus))
                ),
                minimum_age=r.optional_int(row, "minimum_age", at),
                notes=r.text(row, "notes", at),
                source=r.text(row, "source", at),
                as_of=as_date(row.get("as_of"), at),
                effective_from=r.optional_date(row, "effective_from", at),
                verified=r.flag(row, "verified", at),
                note=r.text(row, "note", at, required=False),
                seven_oh_rules=r.text(row, "seven_oh_rules", at, required=False),
            )
        )
    for code, rows in grouped.items():
        for entry in rows:
            if not entry.verified and not entry.note:
                raise ReferenceDataError(
                    f"{table.name}: an unverified row for {code} must say why in 'note'."
                )
    entries = {}
    for code, rows in grouped.items():
        ordered = sorted(rows, key=lambda e: e.effective_from or date.min)
        starts = [e.effective_from for e in ordered]
        if len(set(starts)) != len(starts):
            raise ReferenceDataError(f"{table.name}: two rows for {code} start on the same day.")
        entries[code] = tuple(ordered)
    return LegalTable(entries, table.review_interval_days)


def status_on(table: LegalTable, code: str, on: date) -> LegalFinding:
    """The status in force on `on`; NotFound (naming the code) when there is no record."""
    wanted = normalise_code(code)
    rows = table.entries.get(wanted)
    if not rows:
        raise NotFound(
            f"There is no legal-status record for '{wanted}'. Known: {', '.join(table.codes)}.",
            field="code",
        )
    in_force = [e for e in rows if e.effective_from is None or e.effective_from <= on]
    later = [e for e in rows if e.effective_from is not None and e.effective_from > on]
    # Before the first dated row, the earliest row is the best we know (its start is shown).
    current = in_force[-1] if in_force else rows[0]
    upcoming = next((e for e in later if e is not current), None)
    federal = None
    if wanted.startswith(FEDERAL_CODE + "-") and FEDERAL_CODE in table.entries:
        federal = status_on(table, FEDERAL_CODE, on)
    return LegalFinding(
        entry=current,
        on=on,
        stale=is_stale(current.as_of, table.review_interval_days, on),
        upcoming=upcoming,
        federal=federal,
    )


def status_for_profile(table: LegalTable, code: str | None, on: date) -> LegalFinding | None:
    """For a person's profile: their own code, else their country's row (labelled as such)."""
    if not code:
        return None
    try:
        return status_on(table, code, on)
    except NotFound:
        country = normalise_code(code).split("-")[0]
        if country == normalise_code(code) or country not in table.entries:
            return None
        found = status_on(table, country, on)
        return LegalFinding(found.entry, on, found.stale, found.upcoming, fallback_for=code.upper())
