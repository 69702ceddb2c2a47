"""The corpus scored lab by lab, and an estimate for a lab the reader has not seen.

Accuracy on labs outside the corpus cannot be measured without their files. What can be done
honestly is leave one layout family out for the part of the reader that was fitted to the corpus
by hand: the organism and metal names added to `analyte_synonyms` after reading the corpus. For
each family (a lab or a platform template such as Confident Cannabis), the names only that family
prints are taken out again and its certificates scored with what is left — as if its names had
never been seen. The layout rules cannot be held out this way (they were written with the whole
corpus in view), so the estimate is an upper bound for a new lab's layout and an honest figure for
its vocabulary.

    python -m tests.support.coa_corpus_by_lab [BASELINE_COMMIT]

BASELINE_COMMIT is the commit whose `analyte_synonyms.yaml` counts as "not fitted to the corpus"
(default: the last one before names were added from the corpus).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from speciosa.adapters.coa import CertificateFileReader
from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.analytes import AnalyteCatalogue, name_key, parse_analyte_catalogue
from speciosa.domain.sources.certificate import Certificate
from speciosa.services.foundation.reference import ReferenceCatalogue
from tests.support.coa_corpus import REPO, Score, corpus_dir, labels, score_file
from tests.support.coa_corpus_microbes import MicrobeScore, score_microbes

BEFORE_CORPUS_NAMES = "4c40aa5"  # analyte_synonyms.yaml before stop 12 added lab names
SYNONYMS = "src/speciosa/reference/analyte_synonyms.yaml"


@dataclass
class LabScore:
    files: int = 0
    metals: Score = field(default_factory=Score)
    microbes: MicrobeScore = field(default_factory=MicrobeScore)


def family(file: str) -> str:
    """The layout family: the file name's prefix (a lab, or a platform's template)."""
    return file.split("_", 1)[0]


def _names(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    keys: set[str] = set()
    for row in rows:
        keys |= {name_key(str(n)) for n in (row["analyte"], row.get("name") or "", *row["names"])}
    return keys - {""}


def _printed(certificates: Iterable[Certificate | None]) -> set[str]:
    """Name keys of every row's analyte as printed (with and without a bracketed tail)."""
    keys: set[str] = set()
    for certificate in certificates:
        for row in certificate.results if certificate is not None else ():
            keys |= {name_key(row.analyte), name_key(row.analyte.split("(")[0])}
    return keys


def held_out(rows: list[dict[str, Any]], learnt_only_here: set[str]) -> AnalyteCatalogue:
    """The catalogue without the names learnt from this family alone; an organism whose own
    name was learnt from it alone is not known at all."""
    kept = []
    for row in rows:
        own = {name_key(str(row["analyte"])), name_key(str(row.get("name") or ""))}
        if own & learnt_only_here:
            continue
        names = [n for n in row["names"] if name_key(str(n)) not in learnt_only_here]
        kept.append({**row, "names": names})
    return parse_analyte_catalogue(kept)


def score(
    items: Iterable[tuple[dict[str, Any], Certificate | None]],
    catalogue: AnalyteCatalogue,
    by: str,
) -> dict[str, LabScore]:
    scores: dict[str, LabScore] = {}
    for label, certificate in items:
        key = family(label["file"]) if by == "family" else str(label.get("lab"))
        lab = scores.setdefault(key, LabScore())
        lab.files += 1
        score_file(label, certificate, catalogue, lab.metals)
        score_microbes(label, certificate, catalogue, lab.microbes)
    return scores


def _cell(correct: int, labelled: int, wrong: int) -> str:
    if not labelled:
        return "—"
    return (
        f"{correct}/{labelled} ({correct / labelled:.0%}){', WRONG ' + str(wrong) if wrong else ''}"
    )


def report(baseline: str = BEFORE_CORPUS_NAMES) -> str:
    corpus = corpus_dir()
    if corpus is None:
        return "No corpus beside the repository (../shared/coa-corpus)."
    table = ReferenceCatalogue(YamlReferenceSource()).table("analyte_synonyms")
    rows: list[dict[str, Any]] = [dict(row) for row in table.rows]
    before = yaml.safe_load(
        subprocess.run(
            ["git", "show", f"{baseline}:{SYNONYMS}"],
            cwd=REPO, capture_output=True, check=True, text=True,
        ).stdout
    )["rows"]  # fmt: skip
    learnt = _names(rows) - _names(before)
    reader = CertificateFileReader()
    items: list[tuple[dict[str, Any], Certificate | None]] = []
    for label in labels(corpus):
        try:
            found: Certificate | None = reader.read(
                label["file"], (corpus / "pdf" / label["file"]).read_bytes()
            )
        except InvalidInput:
            found = None
        items.append((label, found))
    catalogue = parse_analyte_catalogue(rows)
    lines = [
        "| lab | files | metal results read correctly | microbial results read correctly |",
        "| --- | ---: | --- | --- |",
    ]
    for lab, s in sorted(score(items, catalogue, "lab").items()):
        m, b = s.metals, s.microbes
        lines.append(
            f"| {lab} | {s.files} | {_cell(m.correct, m.labelled, len(m.wrong))} | "
            f"{_cell(b.correct, b.labelled, len(b.wrong))} |"
        )
    lines += [
        "",
        "| family left out | names only it prints, held out | metals | microbials |",
        "| --- | --- | --- | --- |",
    ]
    for name in sorted({family(label["file"]) for label, _ in items}):
        mine = [c for label, c in items if family(label["file"]) == name]
        others = [c for label, c in items if family(label["file"]) != name]
        only_here = (learnt & _printed(mine)) - _printed(others)
        own = [(label, c) for label, c in items if family(label["file"]) == name]
        s = score(own, held_out(rows, only_here), "family")[name]
        m, b = s.metals, s.microbes
        lines.append(
            f"| {name} | {len(only_here)} | {_cell(m.correct, m.labelled, len(m.wrong))} | "
            f"{_cell(b.correct, b.labelled, len(b.wrong))} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(*sys.argv[1:2]))
