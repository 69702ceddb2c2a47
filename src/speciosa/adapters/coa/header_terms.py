"""Column headings of a results table: what each column holds, from the words labs print.

Labs name the same column many ways ("Result", "Amt", "Mass", "Result, ppb", "AMT (µg/g)";
"LOQ", "Limit of Quantitation"; "Limit", "Action Level", "All Uses Limit"). A heading may wrap
over two or three lines ("All Uses" / "Limit (ppb)"; "Pass /" / "Fail") or have its unit on a
row of its own under it ("µg/g"), so the words of a heading block are stacked by position first
and the stacked text is then named. A heading that names a recovery, a spike, an expected or a
prepared amount marks a quality-control table, which is never read for results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from speciosa.adapters.coa.layout_lines import Cell, Line
from speciosa.adapters.coa.pdf_words import Word
from speciosa.adapters.coa.sections import section_of_heading


class Role(StrEnum):
    ANALYTE = "analyte"
    RESULT = "result"
    UNIT = "unit"
    LOQ = "loq"
    LOD = "lod"
    LIMIT = "limit"
    STATUS = "status"
    QC = "qc"  # recovery, spike, expected … : the table checks the method, not the sample
    OTHER = "other"


# Checked in this order on the heading's letters (lower case, no spaces): the first match wins,
# so "Limit of Detection" is an LOD and "Result status" a status, not a result.
_ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.QC,
        re.compile(
            r"recover|%rec|spike|expected|prepared|measured|nominal|truevalue|rpd|qccheck|^cq|"
            r"duplicate|blank|^lcs|control"
        ),
    ),
    (
        Role.OTHER,
        re.compile(
            r"^(?:testid|sampleid|id|cas|datafile|date|analysisdate|method|batch|dilution|weight|note)"
        ),
    ),
    (Role.LOQ, re.compile(r"loq|quantitation|quantification|reportinglimit|^rl\b|^pql|lloq")),
    (Role.LOD, re.compile(r"lod|detectionlimit|limitofdetection|^mdl|^dl$")),
    (
        Role.LIMIT,
        re.compile(
            r"limit|actionlevel|action|specification|^spec|maximum|^max|allowable|threshold|criteria|acceptance"
        ),
    ),
    (
        Role.STATUS,
        re.compile(r"pass|fail|status|disposition|finding|^p/f|outcome|conclusion|compliance"),
    ),
    (
        Role.RESULT,
        re.compile(r"result|^amt|amount|^mass|^value|^conc|found|^level|reading|^content"),
    ),
    (Role.UNIT, re.compile(r"^units?\b|^unit\(s\)|^uom")),
    (
        Role.ANALYTE,
        re.compile(
            r"analyte|^metals?$|^element|compound|^test|parameter|^name|analysis|pathogen|organism|contaminant|^cannabinoid|^toxin"
        ),
    ),
)
# Words that begin a new heading even when printed close to the previous one.
_STRONG = re.compile(
    r"^(?:analyte|results?|lod|loq|limits?|status|units?|unit\(s\)|amt|mass|action|"
    r"disposition|finding|metal|pass)\b",
    re.IGNORECASE,
)
# Words after which a strong word continues the same heading ("All Uses Limit", "Sample Result").
_MODIFIERS = frozenset(
    {"all", "uses", "ingestion", "only", "regulatory", "sample", "test", "total"}
    | {"max", "maximum", "state", "reporting", "detection", "of", "the", "in"}
    | {"inhalation", "allowable"}
)
UNIT_IN_TEXT = re.compile(
    r"(?<![a-z])(ppb|ppm|µg/g|ug/g|mcg/g|mg/kg|µg/kg|ug/kg|mg/g|cfu/g|%)(?![a-z])", re.IGNORECASE
)
_UNIT_ONLY = re.compile(
    r"^[(\[,]*\s*(ppb|ppm|µg/g|ug/g|mcg/g|mg/kg|µg/kg|ug/kg|mg/g|cfu/g|%)\s*[)\],]*$", re.I
)


@dataclass(frozen=True)
class Column:
    x0: float
    x1: float
    text: str
    role: Role
    unit: str  # the unit the heading names ("Result (ppb)"), "" if none

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def letters(text: str) -> str:
    return re.sub(r"\s+", "", text.lower())


def role_of(text: str) -> Role:
    key = letters(UNIT_IN_TEXT.sub("", text)).strip("():,.[]/") or letters(text)
    if _UNIT_ONLY.match(text.strip()):
        return Role.OTHER
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(key):
            return role
    return Role.OTHER


def is_unit_only(text: str) -> bool:
    return bool(_UNIT_ONLY.match(text.strip()))


MAX_HEADING_WORDS = 5  # "Ingestion Only Limit (ppb)"; a longer run of words is a sentence
_DATUM = re.compile(r"^[<>=≤≥]?\s*\d|^(?:nd|n\.d\.|blq|bql|<loq|<lod)$", re.IGNORECASE)


def line_roles(line: Line) -> set[Role]:
    cells = [
        c
        for c in line.cells
        if section_of_heading(c.text) is None and len(c.words) <= MAX_HEADING_WORDS
    ]
    return {role_of(t.text) for t in _terms(c.words for c in cells)}


def is_heading_line(line: Line) -> bool:
    """A line that names at least two kinds of column, one of them a value column, and holds
    no figures (a data row with "<LOQ" and "Pass" in it names no columns)."""
    if any(_DATUM.match(w.text) for c in line.cells for w in c.words):
        return False
    roles = line_roles(line) - {Role.OTHER}
    return len(roles) >= 2 and bool(
        roles & {Role.RESULT, Role.LOQ, Role.LOD, Role.LIMIT, Role.UNIT}
    )


# A heading term is a run of words on one line, read like a cell (its text, its x-extent).
_Term = Cell


def _terms(cells: object) -> list[_Term]:
    """Split each cell before a word that starts a second heading ("Action Level Analyte")."""
    terms: list[_Term] = []
    for words in cells:  # type: ignore[attr-defined]
        current: list[Word] = []
        for word in words:
            if (
                current
                and _STRONG.match(word.text)
                and current[-1].text.lower().strip(":,") not in _MODIFIERS
            ):
                terms.append(_Term(tuple(current)))
                current = []
            current.append(word)
        if current:
            terms.append(_Term(tuple(current)))
    return terms


def columns_of(block: Sequence[Line]) -> list[Column]:
    """The heading block's words stacked into columns, left to right, each named."""
    stacks: list[list[_Term]] = []
    units: list[_Term] = []
    for line in block:
        for term in _terms(c.words for c in line.cells):
            if is_unit_only(term.text):
                units.append(term)
                continue
            home = next((s for s in stacks if _overlaps(s, term)), None)
            if home is None:
                stacks.append([term])
            else:
                home.append(term)
    for term in units:  # a unit row under the headings belongs to the heading nearest it
        home = next((s for s in stacks if _overlaps(s, term)), None)
        if home is None and stacks:
            home = min(stacks, key=lambda s: _distance(s, term))
        if home is None:
            stacks.append([term])
        else:
            home.append(term)
    columns = []
    for stack in sorted(stacks, key=lambda s: min(t.x0 for t in s)):
        stack.sort(key=lambda t: min(w.top for w in t.words))
        text = " ".join(t.text for t in stack)
        unit = UNIT_IN_TEXT.search(text)
        columns.append(
            Column(
                min(t.x0 for t in stack),
                max(t.x1 for t in stack),
                text,
                role_of(text),
                unit.group(1) if unit else "",
            )
        )
    return columns


def _distance(stack: list[_Term], term: _Term) -> float:
    x0, x1 = min(t.x0 for t in stack), max(t.x1 for t in stack)
    return abs((x0 + x1) / 2 - (term.x0 + term.x1) / 2)


def _overlaps(stack: list[_Term], term: _Term) -> bool:
    x0, x1 = min(t.x0 for t in stack), max(t.x1 for t in stack)
    shared = min(x1, term.x1) - max(x0, term.x0)
    return shared > 0.3 * min(x1 - x0, term.x1 - term.x0)
