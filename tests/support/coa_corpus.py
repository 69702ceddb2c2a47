"""The real-certificate corpus (`../shared/coa-corpus`, as CI has it) and its scorer.

The score is a user's: of the metal results labelled by eye, how many the reader gives with the
right value and unit (normalised to µg/g) or as not detected / below the LOQ; and how many metal
values it gives that are wrong (a QC, LOQ, LOD or limit figure taken as the result, or a value
where the label has none) — which must be none.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Certificate, RawResult
from speciosa.domain.sources.units import (
    Dimension,
    ParsedValue,
    ValueKind,
    parse_unit,
    parse_value,
    to_base,
)

REPO = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path | None:
    """`shared/coa-corpus` beside the repository (CI) or beside one of its parents (worktrees)."""
    if os.environ.get("SPECIOSA_COA_CORPUS"):
        return Path(os.environ["SPECIOSA_COA_CORPUS"])
    for parent in REPO.parents:
        candidate = parent / "shared" / "coa-corpus"
        if (candidate / "labels.json").is_file():
            return candidate
    return None


def labels(corpus: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((corpus / "labels.json").read_text("utf-8"))
    return loaded


@dataclass
class Score:
    labelled: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


def _micrograms_per_gram(value: Decimal, unit: str) -> Decimal | None:
    parsed = parse_unit(unit)
    return None if parsed is None else to_base(value, parsed)


def _parsed(row: RawResult) -> ParsedValue | None:
    unit = parse_unit(row.unit)
    return parse_value(row.value, unit.dimension if unit else Dimension.MASS_FRACTION)


def _agrees(row: RawResult, label: dict[str, Any]) -> bool:
    parsed = _parsed(row)
    if parsed is None:
        return False
    if label.get("value") is None:
        return parsed.kind in (ValueKind.NOT_DETECTED, ValueKind.BELOW)
    if parsed.kind is not ValueKind.NUMBER or parsed.number is None:
        return False
    read = _micrograms_per_gram(parsed.number, row.unit)
    printed = _micrograms_per_gram(Decimal(str(label["value"])), str(label.get("unit") or ""))
    return read is not None and printed is not None and read == printed


def score_file(
    label: dict[str, Any],
    certificate: Certificate | None,
    catalogue: AnalyteCatalogue,
    score: Score,
) -> None:
    """A readable value that disagrees with the label is wrong (a number, or "ND" where the lab
    found lead); a value the reader could not parse is only missed — it is shown for review."""
    metals: dict[str, dict[str, Any]] = label.get("metals") or {}
    rows: dict[str, list[RawResult]] = {}
    for row in certificate.results if certificate is not None else ():
        analyte = catalogue.find(row.analyte)
        if analyte is not None and analyte.kind is AnalyteKind.METAL:
            rows.setdefault(analyte.key, []).append(row)
    name = label["file"]
    for key, expected in metals.items():
        score.labelled += 1
        found = rows.pop(key, [])
        good = [r for r in found if _agrees(r, expected)]
        bad = [r for r in found if not _agrees(r, expected) and _parsed(r) is not None]
        score.wrong += [f"{name}: {key} read as {r.value!r} {r.unit!r}" for r in bad]
        if good and not bad:
            score.correct += 1
        elif not bad:
            score.missed.append(f"{name}: {key} {[(r.value, r.unit) for r in found]}")
    if label.get("metals_panel") != "reported":
        for key, extra in rows.items():
            score.wrong += [f"{name}: {key} {r.value!r}, no metal panel" for r in extra]


def score_corpus(
    corpus: Path,
    read: Callable[[str, bytes], Certificate | None],
    catalogue: AnalyteCatalogue,
) -> Score:
    score = Score()
    for label in labels(corpus):
        content = (corpus / "pdf" / label["file"]).read_bytes()
        score_file(label, read(label["file"], content), catalogue, score)
    return score


_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
PRINTED = (("loq", "loq"), ("lod", "lod"), ("limit", "printed_limit"))


def printed_figures(
    label: dict[str, Any], certificate: Certificate | None, catalogue: AnalyteCatalogue
) -> dict[str, tuple[int, list[str]]]:
    """Per printed figure (LOQ, LOD, the lab's limit): how many labelled metal rows carry it as
    labelled, and the ones that do not."""
    rows: dict[str, RawResult] = {}
    for row in certificate.results if certificate is not None else ():
        analyte = catalogue.find(row.analyte)
        if analyte is not None and analyte.kind is AnalyteKind.METAL:
            rows.setdefault(analyte.key, row)
    found: dict[str, tuple[int, list[str]]] = {}
    for key, expected in (label.get("metals") or {}).items():
        for field_name, attribute in PRINTED:
            if expected.get(field_name) is None:
                continue
            text = getattr(rows[key], attribute) if key in rows else None
            read = _FIGURE.match(text.strip()) if text else None
            right = read is not None and Decimal(read.group()) == Decimal(str(expected[field_name]))
            correct, wrong = found.get(field_name, (0, []))
            found[field_name] = (
                correct + right,
                wrong if right else [*wrong, f"{label['file']}: {key} {field_name} {text!r}"],
            )
    return found
