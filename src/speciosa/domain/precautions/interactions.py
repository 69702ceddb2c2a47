"""Interaction checks: resolve what a person takes to known substances and classes (see
`substances`), then apply the sourced rules pair by pair. Kratom is part of every check
(everyone in Speciosa uses it).

Names resolve by generic name, brand name, other names and class names, case-insensitively
("Xanax" → alprazolam, "benzo" → the benzodiazepines class). A name that resolves to nothing is
reported back, never dropped: "no rule on record" must never be mistaken for "safe".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import combinations

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date
from speciosa.domain.precautions import rows as r
from speciosa.domain.precautions.substances import (
    KRATOM,
    Resolved,
    SubstanceCatalogue,
    TermKind,
    normalise_name,
)

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
