"""Section headings: which panel a table belongs to (heavy metals, microbials, potency …).

Headings are matched on their letters alone, so a letter-spaced heading ("H E AV Y  M E TA L S")
reads like any other. A quality-control heading ("Heavy Metals QC", "Matrix spike", "Method
blank", "LCS") wins over the panel it names: those tables hold the lab's checks of its method,
and their figures must never be taken for the sample's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum

from speciosa.adapters.coa.layout_lines import Line


class Section(StrEnum):
    METALS = "heavy metals"
    MICROBIALS = "microbials"
    POTENCY = "potency"
    SOLVENTS = "residual solvents"
    PESTICIDES = "pesticides"
    MYCOTOXINS = "mycotoxins"
    TERPENES = "terpenes"
    QC = "quality control"
    UNKNOWN = "unnamed section"


# Sections whose rows Speciosa reads; the others are not judged by the standards profile and are
# left out rather than shown as dozens of unknown analytes.
READ_SECTIONS = frozenset({Section.METALS, Section.MICROBIALS, Section.POTENCY, Section.UNKNOWN})
# Sections where a row that cannot be read must be shown for review: it may hold a result that
# decides the verdict.
JUDGED_SECTIONS = frozenset({Section.METALS, Section.MICROBIALS})

_QC_WORDS = re.compile(
    r"\b(?:QC|QA/QC|quality control|matrix spike|spike|recover(?:y|ies)|method blank|blank|LCS|"
    r"laboratory control|duplicate|calibration|positive control|negative control)\b",
    re.IGNORECASE,
)
_SECTION_LETTERS: tuple[tuple[Section, re.Pattern[str]], ...] = (
    (Section.METALS, re.compile(r"heavymetal|metals|elementalimpurit|toxicelement|icp-?ms")),
    (Section.MYCOTOXINS, re.compile(r"mycotoxin|aflatoxin|ochratoxin")),
    (Section.MICROBIALS, re.compile(r"microb|pathogen|bacteri|yeastandmo|aerobic|coliform")),
    (Section.PESTICIDES, re.compile(r"pesticide")),
    (Section.SOLVENTS, re.compile(r"solvent")),
    (Section.TERPENES, re.compile(r"terpen")),
    (Section.POTENCY, re.compile(r"potency|cannabinoid|alkaloid|mitragyn")),
)
MAX_HEADING_WORDS = 12


def section_of_heading(text: str) -> Section | None:
    """The section a heading names, or None when the text is not a section heading."""
    letters = re.sub(r"\s+", "", text.lower())
    for section, pattern in _SECTION_LETTERS:
        if pattern.search(letters):
            return Section.QC if _QC_WORDS.search(text) else section
    if _QC_WORDS.search(text) and len(text.split()) <= 6:
        return Section.QC
    return None


_FIGURE = re.compile(r"^[<>=]?\s*\d[\d.,]*%?$|^(?:nd|blq|<loq)$", re.IGNORECASE)


def heading_above(
    lines: Sequence[Line], index: int, x0: float, x1: float, stop: Callable[[Line], bool]
) -> Section:
    """The nearest section heading above lines[index] that reaches into [x0, x1) on its page,
    not looking past another table's heading (`stop`) nor taking a data row for a title."""
    page = lines[index].page
    for line in reversed(lines[:index]):
        if line.page != page or stop(line):
            break
        if sum(1 for c in line.cells if _FIGURE.match(c.text)) >= 2:
            continue
        for cell in line.cells:
            if cell.x1 < x0 or cell.x0 >= x1 or len(cell.text.split()) > MAX_HEADING_WORDS:
                continue
            section = section_of_heading(cell.text)
            if section is not None:
                return section
    return Section.UNKNOWN
