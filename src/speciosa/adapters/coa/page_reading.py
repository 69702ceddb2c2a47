"""Pages of words into what a certificate says: its header fields and its result rows.

Every page is cut into lines and tables; tables of the panels Speciosa judges (heavy metals,
microbials, potency/alkaloids, and tables under no recognised heading) are read row by row.
Quality-control, pesticide, solvent, mycotoxin and terpene tables are left out. When no table is
found at all, lines under an "Analyte … Result … Unit" heading are read as "name value unit".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from speciosa.adapters.coa.layout_lines import Line, region_box, words_to_lines
from speciosa.adapters.coa.pdf_pages import PageText
from speciosa.adapters.coa.row_reading import place_words, read_row, result_column
from speciosa.adapters.coa.sections import JUDGED_SECTIONS, READ_SECTIONS
from speciosa.adapters.coa.table_finding import find_tables
from speciosa.domain.sources.certificate import RawResult, UnreadableRow

MAX_ROWS = 400  # kept under the certificate's own bound; later rows of a huge file are left
HEADER_PATTERNS = {
    "lab": re.compile(r"^\s*(?:testing\s+)?lab(?:oratory)?(?:\s+name)?\s*:\s*(?P<v>.+)$", re.I),
    "product": re.compile(r"^\s*product(?:\s+name)?\s*:\s*(?P<v>.+)$", re.I),
    "batch": re.compile(
        r"^\s*(?:batch|lot)(?:\s*(?:/|or)\s*lot)?(?:\s*(?:number|no\.?|#|id))?\s*:\s*(?P<v>.+)$",
        re.I,
    ),
    "tested_on": re.compile(
        r"^\s*(?:tested\s+on|date\s+tested|test\s+date|date\s+of\s+analysis|analy[sz]ed\s+on)"
        r"\s*:\s*(?P<v>\d{4}-\d{2}-\d{2})",
        re.I,
    ),
}
_NOT_A_VALUE = {
    "lab": re.compile(r"@|^[\d\s().+-]{7,}"),  # a phone number or an e-mail address
    "batch": re.compile(r"^(?:pass(?:ed)?|fail(?:ed)?|complete|n/?a)$", re.I),  # a status
}
_TEXT_ROW = re.compile(
    r"^(?P<analyte>[A-Za-z][^\d<]*?)\s+"
    r"(?P<value><?\s*[\d.]+(?:[eE][+-]?\d+)?|ND|Absent(?: in \d+ ?g)?|Not detected)\s+"
    r"(?P<unit>\S+(?: ?\S+)?)$",
    re.IGNORECASE,
)


@dataclass
class Reading:
    header: dict[str, str] = field(default_factory=dict)
    results: list[RawResult] = field(default_factory=list)
    unreadable: list[UnreadableRow] = field(default_factory=list)


def read_pages(pages: Iterable[PageText]) -> Reading:
    lines: list[Line] = []
    for page in pages:
        lines.extend(words_to_lines(page.words, page.number))
    reading = Reading(header=_header(lines))
    for table in find_tables(lines):
        if table.section not in READ_SECTIONS or not table.rows:
            continue
        placed = [place_words(table, row) for row in table.rows]
        result = result_column(table, [texts for _, texts, _ in placed])
        for row, (name, texts, words) in zip(table.rows, placed, strict=True):
            if result is None:
                if table.section in JUDGED_SECTIONS and name.strip():
                    _add(
                        reading,
                        UnreadableRow(
                            row[-1].page,
                            " | ".join([name, *texts.values()])[:200],
                            "no column of this table is headed as the result",
                        ),
                    )
                continue
            item = read_row(table, row, texts, name, result, words)
            if item is not None:
                _add(reading, item)
    if not reading.results and not reading.unreadable:
        _from_text(lines, reading)
    return reading


def _add(reading: Reading, item: RawResult | UnreadableRow) -> None:
    if len(reading.results) + len(reading.unreadable) >= MAX_ROWS:
        return
    if isinstance(item, RawResult):
        reading.results.append(replace(item, line=len(reading.results) + 1))
    else:  # the rows below were given their page as `line`; a person looks for the page
        where = f"page {item.line}: " if item.line else ""
        reading.unreadable.append(UnreadableRow(None, (where + item.text)[:200], item.reason))


def _header(lines: Sequence[Line]) -> dict[str, str]:
    """ "Name: value" fields, from a cell before its whole line (the line may run on into the
    next field); a status ("Batch: PASS") or a phone number is not a batch or a lab."""
    found: dict[str, str] = {}
    for line in lines:
        for text in (*(c.text for c in line.cells), line.text):
            for name, pattern in HEADER_PATTERNS.items():
                match = pattern.match(text)
                value = match.group("v").strip()[:200] if match else ""
                refused = _NOT_A_VALUE.get(name)
                if value and name not in found and not (refused and refused.search(value)):
                    found[name] = value
    return found


def _from_text(lines: Sequence[Line], reading: Reading) -> None:
    in_table = False
    for line in lines:
        text = " ".join(line.text.split())
        lowered = text.lower()
        if not in_table:
            in_table = "analyte" in lowered and "result" in lowered
            continue
        match = _TEXT_ROW.match(text)
        if match:
            _add(
                reading,
                RawResult(
                    match.group("analyte").strip()[:200],
                    match.group("value").strip()[:100],
                    match.group("unit").strip()[:40],
                    page=line.page,
                    bbox=region_box([line]),
                ),
            )
        elif not any(h.match(text) for h in HEADER_PATTERNS.values()):
            _add(
                reading,
                UnreadableRow(line.page, text[:200], "not in the form 'analyte value unit'"),
            )
