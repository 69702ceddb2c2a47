"""Kratom recalls and warning letters, and whether a vendor or batch is on the list.

A vendor matches a recall when its name (or the product's name) equals one of the recall's firm
or brand names, compared spelling-insensitively. A batch is *recalled* when its vendor matches
and the recall covers all products or lists the batch's lot; a vendor match on another lot is a
*vendor warning*. Warning letters (e.g. FDA's 2025 letters on 7-OH products) are vendor warnings
that also alert the clinician. Outbreak notices name no firm and match nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import as_date
from speciosa.domain.sources.analytes import name_key

MIN_NAME_KEY = 4  # shorter names ("MP") would match too much


class RecallKind(StrEnum):
    RECALL = "recall"
    MANDATORY_RECALL = "mandatory_recall"
    WARNING_LETTER = "warning_letter"
    OUTBREAK = "outbreak"


class MatchLevel(StrEnum):
    BATCH = "batch"  # this batch is covered
    VENDOR = "vendor"  # the vendor is named, this lot is not listed


@dataclass(frozen=True)
class Recall:
    id: str
    kind: RecallKind
    agency: str
    announced_on: date
    firm: str
    brands: tuple[str, ...]
    products: tuple[str, ...]
    lots: tuple[str, ...]
    scope: str
    reason: str
    source: str

    @property
    def label(self) -> str:
        return {
            RecallKind.RECALL: "Recall",
            RecallKind.MANDATORY_RECALL: "Mandatory recall order",
            RecallKind.WARNING_LETTER: "Warning letter",
            RecallKind.OUTBREAK: "Outbreak",
        }[self.kind]

    def names(self) -> set[str]:
        keys = {name_key(n) for n in (self.firm, *self.brands)}
        return {k for k in keys if len(k) >= MIN_NAME_KEY}


@dataclass(frozen=True)
class RecallMatch:
    recall: Recall
    level: MatchLevel

    @property
    def alerts(self) -> bool:
        """Whether the match raises a recall alert for a person taking the batch."""
        return self.level is MatchLevel.BATCH or self.recall.kind is RecallKind.WARNING_LETTER

    @property
    def sentence(self) -> str:
        r = self.recall
        when = r.announced_on.strftime("%d %b %Y")
        if self.level is MatchLevel.BATCH:
            return f"{r.agency} {r.label.lower()} of {when} covers this batch: {r.reason}."
        if r.kind is RecallKind.WARNING_LETTER:
            return f"{r.agency} sent this vendor a warning letter on {when}: {r.reason}."
        return f"{r.agency} {r.label.lower()} of {when} named this vendor ({r.scope}): {r.reason}."


def _strings(value: object, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ReferenceDataError(f"{where}: '{name}' must be a list.")
    return tuple(str(v) for v in value)


def parse_recalls(rows: Iterable[Mapping[str, object]]) -> tuple[Recall, ...]:
    recalls = []
    for index, row in enumerate(rows, start=1):
        where = f"kratom_recalls row {index}"
        try:
            kind = RecallKind(str(row.get("kind")))
        except ValueError:
            raise ReferenceDataError(f"{where}: unknown kind {row.get('kind')!r}.") from None
        recalls.append(
            Recall(
                id=str(row.get("id") or f"recall-{index}"),
                kind=kind,
                agency=str(row.get("agency", "")),
                announced_on=as_date(row.get("announced_on"), where),
                firm=str(row.get("firm") or ""),
                brands=_strings(row.get("brands"), where, "brands"),
                products=_strings(row.get("products"), where, "products"),
                lots=_strings(row.get("lots"), where, "lots"),
                scope=str(row.get("scope", "")),
                reason=str(row.get("reason", "")),
                source=str(row.get("source", "")),
            )
        )
    return tuple(sorted(recalls, key=lambda r: r.announced_on, reverse=True))


def match_recalls(
    recalls: Iterable[Recall], *, vendor: str, product: str = "", lot: str | None = None
) -> list[RecallMatch]:
    """Recalls that name this vendor (or product brand), at batch or vendor level."""
    names = {k for k in (name_key(vendor), name_key(product)) if k}
    matches = []
    for recall in recalls:
        if recall.kind is RecallKind.OUTBREAK or not names & recall.names():
            continue
        lots = {name_key(x) for x in recall.lots}
        covers = recall.kind is not RecallKind.WARNING_LETTER and (
            not lots or (lot is not None and name_key(lot) in lots)
        )
        matches.append(RecallMatch(recall, MatchLevel.BATCH if covers else MatchLevel.VENDOR))
    return matches
