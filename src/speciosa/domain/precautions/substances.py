"""Substances and classes, and how names resolve to them: by generic name, brand name, other
names and class names, case-insensitively ("Xanax" → alprazolam, "benzo" → the benzodiazepines
class). Kratom itself must always be listed: every interaction check includes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date
from speciosa.domain.precautions import rows as r

KRATOM = "kratom"


class TermKind(StrEnum):
    SUBSTANCE = "substance"
    CLASS = "class"


@dataclass(frozen=True)
class Substance:
    """A substance (kind=substance, with its classes) or a class (kind=class)."""

    name: str
    kind: TermKind
    label: str
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    source: str = ""
    as_of: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Resolved:
    """What one name the person gave stands for, and how it was recognised."""

    query: str
    name: str
    kind: TermKind
    label: str
    classes: frozenset[str]
    via: str  # "generic", "brand", "alias" or "class"

    def matches(self, term_name: str, term_kind: TermKind) -> bool:
        if term_kind is TermKind.SUBSTANCE:
            return self.kind is TermKind.SUBSTANCE and self.name == term_name
        return term_name in self.classes


def normalise_name(value: str) -> str:
    """Case-, accent- and spacing-insensitive key; ® and ™ marks are ignored."""
    folded = unicodedata.normalize("NFKC", value).replace("®", "").replace("™", "")
    return re.sub(r"\s+", " ", folded).strip().casefold()


@dataclass(frozen=True)
class SubstanceCatalogue:
    entries: Mapping[str, Substance]
    index: Mapping[str, tuple[str, str]]  # normalised name -> (canonical name, via)

    def resolve(self, query: str) -> Resolved | None:
        found = self.index.get(normalise_name(query))
        if found is None:
            return None
        entry = self.entries[found[0]]
        classes = (
            frozenset({entry.name}) if entry.kind is TermKind.CLASS else frozenset(entry.classes)
        )
        return Resolved(query.strip(), entry.name, entry.kind, entry.label, classes, found[1])

    def label(self, name: str) -> str:
        entry = self.entries.get(name)
        return entry.label if entry else name

    def has(self, name: str, kind: TermKind) -> bool:
        entry = self.entries.get(name)
        return entry is not None and entry.kind is kind

    def members(self, class_name: str) -> list[Substance]:
        return [e for e in self.entries.values() if class_name in e.classes]


def parse_substances(table: ReferenceTable) -> SubstanceCatalogue:
    entries: dict[str, Substance] = {}
    index: dict[str, tuple[str, str]] = {}
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        name = normalise_name(r.text(row, "name", at))
        kind = TermKind(r.choice(row, "kind", at, tuple(k.value for k in TermKind)))
        if name in entries:
            raise ReferenceDataError(f"{at}: '{name}' is listed twice.")
        entry = Substance(
            name=name,
            kind=kind,
            label=r.text(row, "label", at, required=False) or name,
            brands=r.texts(row, "brands", at),
            aliases=r.texts(row, "aliases", at),
            classes=tuple(normalise_name(c) for c in r.texts(row, "classes", at)),
            source=r.text(row, "source", at),
            as_of=as_date(row.get("as_of"), at),
            note=r.text(row, "note", at, required=False),
        )
        entries[name] = entry
        keys = [(name, "class" if kind is TermKind.CLASS else "generic")]
        keys += [(normalise_name(b), "brand") for b in entry.brands]
        keys += [
            (normalise_name(a), "class" if kind is TermKind.CLASS else "alias")
            for a in entry.aliases
        ]
        if kind is TermKind.CLASS:
            keys.append((normalise_name(entry.label), "class"))
        for key, via in keys:
            if key in index and index[key][0] != name:
                raise ReferenceDataError(
                    f"{at}: the name '{key}' already means '{index[key][0]}'; names must be unique."
                )
            index.setdefault(key, (name, via))
    for entry in entries.values():
        for class_name in entry.classes:
            if class_name not in entries or entries[class_name].kind is not TermKind.CLASS:
                raise ReferenceDataError(
                    f"{table.name}: '{entry.name}' names an unknown class '{class_name}'."
                )
    if KRATOM not in entries:
        raise ReferenceDataError(f"{table.name}: kratom itself must be listed.")
    return SubstanceCatalogue(entries, index)
