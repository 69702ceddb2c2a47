"""The reference catalogue: tables loaded once at start-up, checked, and their freshness."""

from __future__ import annotations

from datetime import date

from speciosa.domain.foundation.errors import NotFound
from speciosa.domain.foundation.reference import (
    ReferenceTable,
    TableStatus,
    check_table,
    summarise_table,
)
from speciosa.services.ports.outside import ReferenceSource


class ReferenceCatalogue:
    """Every table, validated on construction: a row without source or as_of fails start-up."""

    def __init__(self, source: ReferenceSource) -> None:
        tables = list(source.load_tables())
        for table in tables:
            check_table(table)
        self._tables = {t.name: t for t in sorted(tables, key=lambda t: t.name)}

    def table(self, name: str) -> ReferenceTable:
        try:
            return self._tables[name]
        except KeyError:
            raise NotFound(f"There is no reference table '{name}'.") from None

    def names(self) -> list[str]:
        return list(self._tables)

    def status(self, today: date) -> list[TableStatus]:
        return [summarise_table(t, today) for t in self._tables.values()]
