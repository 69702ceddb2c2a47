"""The instruments Speciosa knows, by name, parsed once from their reference tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.withdrawal.instruments.definitions import (
    INSTRUMENT_TABLES,
    Instrument,
    parse_instrument,
)


class InstrumentCatalogue:
    def __init__(self, instruments: Mapping[str, Instrument]) -> None:
        self._instruments = dict(instruments)

    @classmethod
    def from_tables(cls, table: Callable[[str], ReferenceTable]) -> InstrumentCatalogue:
        """`table(name)` returns a reference table (the catalogue's `.table`)."""
        return cls({name: parse_instrument(table(t)) for name, t in INSTRUMENT_TABLES.items()})

    def names(self) -> list[str]:
        return list(self._instruments)

    def get(self, name: object) -> Instrument:
        """The instrument called `name`; anything else is an error naming what was given."""
        key = name.strip().lower() if isinstance(name, str) else name
        found = self._instruments.get(key) if isinstance(key, str) else None
        if found is None:
            raise InvalidInput(
                f"{name!r} is not an instrument; use one of: {', '.join(self._instruments)}.",
                field="instrument",
            )
        return found
