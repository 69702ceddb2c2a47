"""Analytes and their synonyms: "Pb", "Lead (Pb)" and "lead" are one analyte.

The catalogue comes from the reference table `analyte_synonyms` (every row sourced). Names are
matched spelling-insensitively: case, spaces and punctuation do not matter ("7-OH", "7OH" and
"7 oh" are the same key), so a new lab's spelling needs one synonym, not new code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.sources.units import (
    CFU_PER_GRAM,
    MICROGRAMS_PER_GRAM,
    PERCENT,
    Dimension,
    Unit,
)


class AnalyteKind(StrEnum):
    METAL = "metal"  # elemental contaminant, reported as a mass fraction (normalised µg/g)
    ALKALOID = "alkaloid"  # mass fraction of the product (normalised %)
    COUNT = "count"  # colony count (CFU/g)
    PATHOGEN = "pathogen"  # absent/present in a sample mass
    OTHER = "other"  # reported, not judged (moisture …), normalised %
    SOLVENT = "solvent"  # residual solvent in an extract (USP <467>), normalised µg/g (ppm)


NORMALISED_UNIT: Mapping[AnalyteKind, Unit] = {
    AnalyteKind.METAL: MICROGRAMS_PER_GRAM,
    AnalyteKind.ALKALOID: PERCENT,
    AnalyteKind.COUNT: CFU_PER_GRAM,
    AnalyteKind.OTHER: PERCENT,
    AnalyteKind.SOLVENT: MICROGRAMS_PER_GRAM,
}


@dataclass(frozen=True)
class Analyte:
    key: str
    name: str
    kind: AnalyteKind
    synthetic: bool = False  # a lab-made derivative that does not occur in the leaf
    # A test for part of another analyte (STEC is some strains of E. coli): reported, and named
    # when that analyte's own rule finds no result, but never taken for it.
    part_of: str | None = None

    @property
    def dimension(self) -> Dimension:
        if self.kind is AnalyteKind.PATHOGEN:
            return Dimension.PRESENCE
        if self.kind is AnalyteKind.COUNT:
            return Dimension.COUNT
        return Dimension.MASS_FRACTION

    @property
    def normalised_unit(self) -> Unit | None:
        return NORMALISED_UNIT.get(self.kind)


_TRAILING_ABBREVIATION = re.compile(r"\s*\((?=[^)]*[A-Z])[A-Za-z0-9-]{1,6}\)\s*$")


def name_key(name: str) -> str:
    """Case, spacing and punctuation-insensitive key: "E. coli" and "e coli" -> "ecoli"."""
    folded = name.lower().replace("µ", "u").replace("μ", "u").replace("&", "and")
    return re.sub(r"[^a-z0-9]", "", folded)


@dataclass(frozen=True)
class NameWords:
    """An organism named in words a lab may arrange its own way: every word of one `sets` entry
    present as a whole word ("Total Viable Aerobic Bacteria" holds "aerobic" and "bacteria"),
    none of `excluded` ("anaerobic" is another test). Used only when no synonym matches, and
    only when exactly one analyte's words match."""

    analyte: str
    sets: tuple[frozenset[str], ...]
    excluded: frozenset[str] = frozenset()

    def match(self, words: set[str]) -> bool:
        return not (self.excluded & words) and any(need <= words for need in self.sets)


MAX_WORDS_MATCHED = 8  # a longer text is a sentence, not a name


def name_words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.lower()))


class AnalyteCatalogue:
    def __init__(
        self,
        analytes: Iterable[tuple[Analyte, Iterable[str]]],
        words: Iterable[NameWords] = (),
    ) -> None:
        self._by_key: dict[str, Analyte] = {}
        self._by_name: dict[str, Analyte] = {}
        self._words = tuple(words)
        for analyte, names in analytes:
            if analyte.key in self._by_key:
                raise ReferenceDataError(f"analyte_synonyms: '{analyte.key}' appears twice.")
            self._by_key[analyte.key] = analyte
            for name in (analyte.key, analyte.name, *names):
                key = name_key(name)
                if not key:
                    continue
                clash = self._by_name.get(key)
                if clash is not None and clash.key != analyte.key:
                    raise ReferenceDataError(
                        f"analyte_synonyms: '{name}' names both {clash.key} and {analyte.key}."
                    )
                self._by_name[key] = analyte

    def find(self, name: str) -> Analyte | None:
        """The analyte a certificate's name means, or None when it is not known. A trailing
        abbreviation in brackets ("Total Yeast and Mold (YM)") is tried without, when the name
        with it is not known."""
        found = self._by_name.get(name_key(name))
        if found is None and (bare := _TRAILING_ABBREVIATION.sub("", name)) != name:
            found = self._by_name.get(name_key(bare))
        if found is None and self._words:
            found = self._by_words(name)
        return found

    def _by_words(self, name: str) -> Analyte | None:
        words = name_words(name)
        if len(words) > MAX_WORDS_MATCHED:
            return None
        matched = {w.analyte for w in self._words if w.match(words)}
        return self._by_key.get(matched.pop()) if len(matched) == 1 else None

    def get(self, key: str) -> Analyte:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def synonyms(self) -> dict[str, str]:
        """Every known spelling key and the analyte it maps to (for coverage tests)."""
        return {name: analyte.key for name, analyte in self._by_name.items()}


def parse_analyte_catalogue(rows: Iterable[Mapping[str, object]]) -> AnalyteCatalogue:
    """Rows: {analyte, name, kind, names: [...], synthetic?: bool, part_of?: key, source,
    as_of}."""
    parsed = []
    words: list[NameWords] = []
    for index, row in enumerate(rows, start=1):
        where = f"analyte_synonyms row {index}"
        try:
            kind = AnalyteKind(str(row["kind"]))
        except (KeyError, ValueError):
            raise ReferenceDataError(f"{where}: kind must be one of {list(AnalyteKind)}.") from None
        key, names = row.get("analyte"), row.get("names", [])
        if not isinstance(key, str) or not key or not isinstance(names, list):
            raise ReferenceDataError(f"{where}: needs 'analyte' (text) and 'names' (a list).")
        analyte = Analyte(
            key=key,
            name=str(row.get("name") or key),
            kind=kind,
            synthetic=bool(row.get("synthetic", False)),
            part_of=str(row["part_of"]) if row.get("part_of") else None,
        )
        parsed.append((analyte, [str(n) for n in names]))
        if row.get("name_words"):
            words.append(_name_words(row, key, where))
    return AnalyteCatalogue(parsed, words)


def _name_words(row: Mapping[str, object], key: str, where: str) -> NameWords:
    """`name_words: [[aerobic, bacteria], …]`, `not_words: [anaerobic, …]`, lower-case words."""
    sets, excluded = row.get("name_words"), row.get("not_words", [])
    if not isinstance(sets, list) or not isinstance(excluded, list):
        raise ReferenceDataError(f"{where}: name_words is a list of word lists.")
    parsed = []
    for entry in sets:
        if not isinstance(entry, list) or not entry:
            raise ReferenceDataError(f"{where}: each name_words entry is a list of words.")
        parsed.append(frozenset(str(w).lower() for w in entry))
    return NameWords(key, tuple(parsed), frozenset(str(w).lower() for w in excluded))
