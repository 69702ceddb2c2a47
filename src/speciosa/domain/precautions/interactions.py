"""Interaction checks: resolve what a person takes to known substances and classes, then apply the
sourced rules pair by pair. Kratom is part of every check (everyone in Speciosa uses it).

Names resolve by generic name, brand name, other names and class names, case-insensitively
("Xanax" → alprazolam, "benzo" → the benzodiazepines class). A name that resolves to nothing is
reported back, never dropped: "no rule on record" must never be mistaken for "safe".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import combinations

from speciosa.domain.errors import InvalidInput, ReferenceDataError
from speciosa.domain.precautions import rows as r
from speciosa.domain.reference import ReferenceTable, as_date

KRATOM = "kratom"
MAX_NAME_LENGTH = 100
MAX_NAMES = 50


class Severity(StrEnum):
    CONTRAINDICATED = "contraindicated"
    MAJOR = "major"
    MODERATE = "moderate"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        """0 is most severe: results are sorted by this."""
        return list(Severity).index(self)

    @property
    def raises_alert(self) -> bool:
        return self in (Severity.CONTRAINDICATED, Severity.MAJOR)


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


@dataclass(frozen=True)
class InteractionRule:
    id: str
    a: str
    a_kind: TermKind
    b: str
    b_kind: TermKind
    severity: Severity
    mechanism: str
    advice: str
    source: str
    as_of: date
    note: str = ""


@dataclass(frozen=True)
class Interaction:
    """A rule that fired for one pair; `substance` and `with_` are canonical names."""

    substance: str
    with_: str
    severity: Severity
    mechanism: str
    advice: str
    source: str
    rule_id: str
    why: str  # e.g. "alprazolam is one of the benzodiazepines"


@dataclass(frozen=True)
class InteractionCheck:
    checked: tuple[Resolved, ...]
    interactions: tuple[Interaction, ...]
    unrecognised: tuple[str, ...] = field(default_factory=tuple)

    @property
    def alerting(self) -> tuple[Interaction, ...]:
        return tuple(i for i in self.interactions if i.severity.raises_alert)

    @property
    def worst(self) -> Severity | None:
        return self.interactions[0].severity if self.interactions else None


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


def parse_rules(
    table: ReferenceTable, catalogue: SubstanceCatalogue
) -> tuple[InteractionRule, ...]:
    rules: list[InteractionRule] = []
    seen: set[str] = set()
    kinds = tuple(k.value for k in TermKind)
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        rule = InteractionRule(
            id=r.text(row, "id", at),
            a=normalise_name(r.text(row, "a", at)),
            a_kind=TermKind(r.choice(row, "a_kind", at, kinds)),
            b=normalise_name(r.text(row, "b", at)),
            b_kind=TermKind(r.choice(row, "b_kind", at, kinds)),
            severity=Severity(r.choice(row, "severity", at, tuple(s.value for s in Severity))),
            mechanism=r.text(row, "mechanism", at),
            advice=r.text(row, "advice", at),
            source=r.text(row, "source", at),
            as_of=as_date(row.get("as_of"), at),
            note=r.text(row, "note", at, required=False),
        )
        if rule.id in seen:
            raise ReferenceDataError(f"{at}: rule id '{rule.id}' is used twice.")
        seen.add(rule.id)
        for term, kind in ((rule.a, rule.a_kind), (rule.b, rule.b_kind)):
            if not catalogue.has(term, kind):
                raise ReferenceDataError(f"{at}: '{term}' is not a known {kind.value}.")
        rules.append(rule)
    return tuple(rules)


def check_names(names: Sequence[str]) -> list[str]:
    """Syntax of a list of names: not empty, not too long, not too many."""
    if len(names) > MAX_NAMES:
        raise InvalidInput(f"Check at most {MAX_NAMES} names at a time.", field="names")
    cleaned = []
    for name in names:
        value = name.strip()
        if not value:
            raise InvalidInput(
                "A name is empty; give a medication or substance name.", field="names"
            )
        if len(value) > MAX_NAME_LENGTH:
            raise InvalidInput(
                f"'{value[:40]}…' is longer than {MAX_NAME_LENGTH} characters.", field="names"
            )
        cleaned.append(value)
    return cleaned


def _why(item: Resolved, term: str, kind: TermKind, catalogue: SubstanceCatalogue) -> list[str]:
    """How a name reached the rule: "Xanax is alprazolam", "alprazolam is one of the …"."""
    reasons = []
    if item.via in ("brand", "alias") and normalise_name(item.query) != item.name:
        reasons.append(f"{item.query} is {item.label}")
    if kind is TermKind.CLASS and item.kind is TermKind.SUBSTANCE:
        reasons.append(f"{item.label} is one of the {catalogue.label(term)}")
    return reasons


def _apply(
    rule: InteractionRule, x: Resolved, y: Resolved, catalogue: SubstanceCatalogue
) -> Interaction | None:
    for first, second in ((x, y), (y, x)):
        if first.matches(rule.a, rule.a_kind) and second.matches(rule.b, rule.b_kind):
            reasons = _why(first, rule.a, rule.a_kind, catalogue)
            reasons += _why(second, rule.b, rule.b_kind, catalogue)
            return Interaction(
                substance=first.name,
                with_=second.name,
                severity=rule.severity,
                mechanism=rule.mechanism,
                advice=rule.advice,
                source=rule.source,
                rule_id=rule.id,
                why="; ".join(reasons),
            )
    return None


def check_interactions(
    names: Iterable[str],
    catalogue: SubstanceCatalogue,
    rules: Sequence[InteractionRule],
    *,
    include_kratom: bool = True,
) -> InteractionCheck:
    """Every rule that fires for every pair of what the person takes, most severe first.

    Order within a severity follows the order the names were given (kratom first), so the same
    list always gives the same result.
    """
    resolved: list[Resolved] = []
    unrecognised: list[str] = []
    for name in check_names(list(names)):
        found = catalogue.resolve(name)
        if found is None:
            if name not in unrecognised:
                unrecognised.append(name)
        elif all(found.name != seen.name for seen in resolved):
            resolved.append(found)
    if include_kratom:
        # Kratom leads every check, whether or not (and wherever) the person named it.
        given = [item for item in resolved if item.name == KRATOM]
        kratom = given[0] if given else catalogue.resolve(KRATOM)
        resolved = [item for item in resolved if item.name != KRATOM]
        if kratom is not None:
            resolved.insert(0, kratom)
    found_interactions: list[Interaction] = []
    for x, y in combinations(resolved, 2):
        for rule in rules:
            interaction = _apply(rule, x, y, catalogue)
            if interaction is not None:
                found_interactions.append(interaction)
    ordered = sorted(enumerate(found_interactions), key=lambda p: (p[1].severity.rank, p[0]))
    return InteractionCheck(
        checked=tuple(resolved),
        interactions=tuple(i for _, i in ordered),
        unrecognised=tuple(unrecognised),
    )
