"""Versioned reference data: every row carries its source and the date it was checked (as_of).

Adapters read the files; this module says what a valid table is and how stale it is. Feature
modules parse the rows of their own tables into typed domain objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from speciosa.domain.foundation.errors import ReferenceDataError

PROVENANCE_FIELDS = ("source", "as_of")


@dataclass(frozen=True)
class ReferenceTable:
    name: str
    version: int
    review_interval_days: int
    description: str
    rows: tuple[Mapping[str, object], ...]


@dataclass(frozen=True)
class TableStatus:
    name: str
    version: int
    row_count: int
    oldest_as_of: date | None
    review_interval_days: int
    age_days: int | None
    overdue: bool

    @property
    def warning(self) -> str | None:
        if not self.overdue:
            return None
        return (
            f"{self.name}: oldest row checked {self.age_days} days ago, past its review interval"
            f" of {self.review_interval_days} days — re-check the sources."
        )


def as_date(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ReferenceDataError(f"{where}: as_of must be a date (YYYY-MM-DD), got {value!r}.")


def check_table(table: ReferenceTable) -> None:
    """Every row must name its source and the date it was checked."""
    if table.review_interval_days <= 0:
        raise ReferenceDataError(f"{table.name}: review_interval_days must be positive.")
    for index, row in enumerate(table.rows):
        where = f"{table.name} row {index + 1}"
        for name in PROVENANCE_FIELDS:
            value = row.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise ReferenceDataError(f"{where}: missing '{name}'.")
        as_date(row["as_of"], where)


def summarise_table(table: ReferenceTable, today: date) -> TableStatus:
    dates = [as_date(row["as_of"], table.name) for row in table.rows]
    oldest = min(dates) if dates else None
    age = (today - oldest).days if oldest is not None else None
    overdue = age is not None and age > table.review_interval_days
    return TableStatus(
        name=table.name,
        version=table.version,
        row_count=len(table.rows),
        oldest_as_of=oldest,
        review_interval_days=table.review_interval_days,
        age_days=age,
        overdue=overdue,
    )


def is_stale(as_of: date, review_interval_days: int, today: date) -> bool:
    """True when a fact is older than its review interval ("may be out of date")."""
    return (today - as_of).days > review_interval_days


def require_fields(table: ReferenceTable, fields: Sequence[str]) -> None:
    for index, row in enumerate(table.rows):
        missing = [f for f in fields if f not in row]
        if missing:
            raise ReferenceDataError(f"{table.name} row {index + 1}: missing {', '.join(missing)}.")
