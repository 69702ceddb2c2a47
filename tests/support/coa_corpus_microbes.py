"""The corpus scorer for microbial panels, judged as a user would see them after measuring.

A labelled result is read correctly when the organism is recognised *as printed* (a STEC test
as STEC, never as E. coli at large) and its measured value agrees with the label: not detected
or absent, the same "<bound", or the same count. It is wrong when a recognised row disagrees
(a count where the lab found none, another number, a value where the lab reported none), or when
a row is taken for a labelled organism the certificate does not report (STEC read as E. coli).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Certificate, Measurement, measure
from speciosa.domain.sources.units import ValueKind, parse_number

ASPERGILLI = (
    "aspergillus_flavus",
    "aspergillus_fumigatus",
    "aspergillus_niger",
    "aspergillus_terreus",
)
# The label's organism key and the analyte keys the reader may give for it.
_PLAIN = {
    "total_aerobic": ("aerobic_count",),
    "yeast_mold": ("yeast_mould",),
    "salmonella": ("salmonella",),
    "aspergillus": ASPERGILLI,
}
_ABSENT = (ValueKind.ABSENT, ValueKind.NOT_DETECTED)


@dataclass
class MicrobeScore:
    labelled: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    per_lab: dict[str, list[int]] = field(default_factory=dict)  # lab -> [correct, labelled]

    @property
    def share(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


def expected_keys(key: str, label: dict[str, Any]) -> tuple[str, ...]:
    if key != "e_coli":
        return _PLAIN.get(key, (key,))
    printed = str(label.get("label_printed") or "").lower()
    if "shiga toxin" in printed or "stec" in printed:
        return ("shiga_toxin_e_coli",)
    if "shigella" in printed:
        return ("e_coli_shigella",)
    return ("e_coli",)


def _label_count(text: str) -> tuple[ValueKind, Decimal | None]:
    """ "<100" → BELOW 100; "=2.1 x 10^2" or "1.29E+04" → NUMBER."""
    compact = text.strip().lstrip("=").strip()
    if compact.startswith("<"):
        return ValueKind.BELOW, parse_number(compact[1:])
    return ValueKind.NUMBER, parse_number(re.sub(r"\s+", " ", compact))


def agrees(m: Measurement, label: dict[str, Any]) -> bool:
    kind = label.get("result_class")
    if kind == "not_detected":
        return m.kind in _ABSENT
    if kind in ("below_loq", "count"):
        want_kind, number = _label_count(str(label.get("result") or ""))
        return m.kind is want_kind and m.value is not None and m.value == number
    return False  # "not_reported": any value is a wrong one


def score_microbes(
    label: dict[str, Any],
    certificate: Certificate | None,
    catalogue: AnalyteCatalogue,
    score: MicrobeScore,
) -> None:
    name, lab = label["file"], label.get("lab") or label["file"].split("_")[0]
    microbes: dict[str, dict[str, Any]] = label.get("microbials") or {}
    rows: dict[str, list[Measurement]] = {}
    for raw in certificate.results if certificate is not None else ():
        m = measure(raw, catalogue)
        if isinstance(m, Measurement) and m.analyte.kind in (
            AnalyteKind.COUNT,
            AnalyteKind.PATHOGEN,
        ):
            rows.setdefault(m.analyte.key, []).append(m)
    claimed: set[str] = set()
    tally = score.per_lab.setdefault(lab, [0, 0])
    for key, expected in microbes.items():
        keys = expected_keys(key, expected)
        claimed.update(keys)
        found = [m for k in keys for m in rows.get(k, [])]
        score.labelled += 1
        tally[1] += 1
        bad = [m for m in found if not agrees(m, expected)]
        score.wrong += [f"{name}: {key} read as {m.raw.value!r} {m.raw.unit!r}" for m in bad]
        if expected.get("result_class") == "not_reported":
            ok = not found
        else:
            ok = bool(found) and not bad and {m.analyte.key for m in found} == set(keys)
        if ok:
            score.correct += 1
            tally[0] += 1
        elif not bad:
            score.missed.append(f"{name}: {key} {[(m.raw.value, m.raw.unit) for m in found]}")
    score.wrong += _misidentified(name, rows, claimed, microbes)


def _misidentified(
    name: str,
    rows: dict[str, list[Measurement]],
    claimed: set[str],
    microbes: dict[str, dict[str, Any]],
) -> Iterable[str]:
    """A row taken for an organism the labels know (E. coli, Salmonella …) that this certificate
    does not report: the name was mistaken (STEC for E. coli) or a row read from elsewhere."""
    labelled_anywhere = {"e_coli", "shiga_toxin_e_coli", "e_coli_shigella", *ASPERGILLI}
    labelled_anywhere |= {k for keys in _PLAIN.values() for k in keys}
    for key, found in rows.items():
        if key in labelled_anywhere and key not in claimed:
            yield from (f"{name}: {m.raw.analyte!r} taken for {key}" for m in found)
