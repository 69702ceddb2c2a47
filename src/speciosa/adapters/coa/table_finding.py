"""Tables on a page: a heading block, its columns, and the rows under it.

A table starts at a line that names at least two kinds of column (see `header_terms`). The lines
touching it above and below that hold only heading words or units ("(ppb)", "µg/g", "Fail") are
part of its heading. Two tables printed side by side share a heading line; they are told apart
where a kind of column repeats ("Analyte … Status Analyte … Status"). Rows are the lines under
the heading, cut to the table's width, until the next heading, a section title, three lines in a
row without values, or a wide gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from speciosa.adapters.coa.header_terms import (
    MAX_HEADING_WORDS,
    Column,
    Role,
    columns_of,
    is_heading_line,
    is_unit_only,
    role_of,
)
from speciosa.adapters.coa.layout_lines import Cell, Line
from speciosa.adapters.coa.sections import Section, heading_above, section_of_heading

# Names under the first heading may start this far left of it (centred long names).
NAME_REACH = 80.0
# An unnamed heading ("Dilution", "Qualifier") this close to the named ones is one of them.
HEADING_GAP = 70.0
# Lines of one heading block are at most this many letter heights apart (below, above).
DOWNWARD_GAP = 0.8
UPWARD_GAP = 0.35
WRAP_SHARE = 0.5  # of the rows' spacing: closer lines are one wrapped name
# Values under the last heading may end this far right of it; beyond is another table.
VALUE_REACH = 60.0
MAX_ROWS_PER_TABLE = 120  # a results table has dozens of rows; the rest of a longer one is left
_VALUE_TOKEN = re.compile(
    r"\d|^(?:nd|n\.d\.|blq|bql|bloq|nt|nr|n/a|na|absent|present|pass|fail|positive|negative|"
    r"not|none|detected|<\s*lo[qd])\b",
    re.IGNORECASE,
)


# The lab's run details printed under a table ("Analyzed by", "Analytical Batch : DA0575",
# "Instrument Used :") end it.
_FOOTER = re.compile(
    r"^(?:analy[sz]ed\s+by|analytical\s*batch|extract|reviewed|instrument|running\s+on|"
    r"batch\s+date|method\b|datafile|analyst|weight|dilution|reagent|consumables|pipette|"
    r"date\s+tested|note\b|[A-Za-z][\w ./()-]{0,30}\s:)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Table:
    section: Section
    columns: tuple[Column, ...]
    x0: float
    x1: float
    rows: tuple[tuple[Line, ...], ...]  # each row's lines, cut to the table's width


def _has_value(cells: Sequence[Cell]) -> bool:
    return any(_VALUE_TOKEN.search(c.text) and not is_unit_only(c.text) for c in cells)


def _heading_like(line: Line | None) -> bool:
    """Only short words and units, no values: a wrapped heading or its unit row."""
    if line is None or not line.cells:
        return False
    return not _has_value(line.cells) and all(len(c.text.split()) <= 3 for c in line.cells)


def find_tables(lines: Sequence[Line]) -> list[Table]:
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        if not is_heading_line(lines[index]):
            index += 1
            continue
        first, last = _block(lines, index)
        x0, x1 = _block_span(lines[first : last + 1])
        block = [part for ln in lines[first : last + 1] if (part := ln.within(x0, x1))]
        columns = columns_of(block)
        shared = Section.UNKNOWN
        for group, x0, x1 in _groups(columns):
            section = heading_above(lines, first, x0, x1, is_heading_line)
            # Side by side under one heading line: a table with no title of its own is the
            # right half of the table on its left (a two-column grid of one panel).
            section = shared if section is Section.UNKNOWN else section
            shared = section
            if any(c.role is Role.QC for c in group):
                continue
            if section is Section.UNKNOWN and tables and tables[-1].rows:
                earlier = tables[-1]  # a table continued from the page before keeps its panel
                if earlier.rows[-1][-1].page < lines[first].page:
                    section = earlier.section
            rows = _rows(lines, last + 1, x0, x1, section)
            tables.append(Table(section, tuple(group), x0, x1, tuple(rows)))
        index = last + 1
    return tables


def _block(lines: Sequence[Line], index: int) -> tuple[int, int]:
    """The heading block around lines[index]: adjacent heading-only lines above and below."""
    x0, x1 = heading_span(lines[index])
    first = index
    # Upwards only a tightly wrapped heading ("Dispositio" over "n"); a title above the table
    # stands apart by more.
    while first > 0 and _close(lines[first - 1], lines[first], UPWARD_GAP):
        part = lines[first - 1].within(x0, x1)
        if not _heading_like(part) or section_of_heading(lines[first - 1].text) is not None:
            break
        first -= 1
    last = index
    while last + 1 < len(lines) and _close(lines[last], lines[last + 1]):
        part = lines[last + 1].within(x0, x1)
        if not (is_heading_line(lines[last + 1]) or _heading_like(part)):
            break
        last += 1
    return first, last


def heading_span(line: Line) -> tuple[float, float]:
    """The x-range of a heading line's column names (a paragraph beside them is not one)."""
    return _block_span([line])


def _block_span(block: Sequence[Line]) -> tuple[float, float]:
    """From the named headings out to the unnamed ones beside them ("Dilution"), not to a
    paragraph or a column of another panel farther off."""
    short = [c for line in block for c in line.cells if len(c.words) <= MAX_HEADING_WORDS]
    named = [c for c in short if role_of(c.text) is not Role.OTHER]
    if not named:
        cells = [c for line in block for c in line.cells]
        return min(c.x0 for c in cells) - 20, max(c.x1 for c in cells) + 20
    x0, x1 = min(c.x0 for c in named), max(c.x1 for c in named)
    for cell in sorted(short, key=lambda c: c.x0):  # rightwards
        if x1 <= cell.x0 < x1 + HEADING_GAP:
            x1 = max(x1, cell.x1)
    for cell in sorted(short, key=lambda c: -c.x1):  # leftwards
        if x0 - HEADING_GAP < cell.x1 <= x0:
            x0 = min(x0, cell.x0)
    return x0 - 20, x1 + 20


def _close(upper: Line, lower: Line, gap: float = DOWNWARD_GAP) -> bool:
    return upper.page == lower.page and lower.top - upper.bottom < gap * upper.height


def _groups(columns: list[Column]) -> list[tuple[list[Column], float, float]]:
    """Side-by-side tables under one heading line, each with the x-range it owns."""
    groups: list[list[Column]] = [[]]
    for column in columns:
        # Only a second analyte column starts a second table: "Result (%)", "Result (mg/g)"
        # or two limits with their findings are columns of one table.
        if column.role is Role.ANALYTE and any(c.role is Role.ANALYTE for c in groups[-1]):
            groups.append([])
        groups[-1].append(column)
    found = []
    for number, group in enumerate(groups):
        if not group:
            continue
        if number > 0:
            x0 = (groups[number - 1][-1].x1 + group[0].x0) / 2
        elif group[0].role is Role.ANALYTE:
            x0 = group[0].x0 - NAME_REACH
        else:  # no heading over the names: they may start anywhere to the left
            x0 = 0.0
        x1 = (
            (group[-1].x1 + groups[number + 1][0].x0) / 2
            if number + 1 < len(groups) and groups[number + 1]
            else group[-1].x1 + VALUE_REACH
        )
        found.append((group, x0, x1))
    return found


def _rows(
    lines: Sequence[Line], start: int, x0: float, x1: float, section: Section
) -> list[tuple[Line, ...]]:
    """The table's lines (cut to its width) grouped into rows: a line with values, with the
    lines of its wrapped name just above or below it ("Total Viable" / row / "Aerobic Bacteria")."""
    found: list[tuple[Line, bool]] = []
    idle = 0  # lines in a row without values: a note, or the table's end
    previous: Line | None = lines[start - 1] if start > 0 else None
    for line in lines[start:]:
        if previous is not None and line.page != previous.page:
            break
        part = line.within(x0, x1)
        if part is None:
            continue
        if previous is not None and line.top - previous.bottom > 5 * previous.height:
            break
        if is_heading_line(line) or (found and _FOOTER.match(part.cells[0].text)):
            break
        unit_only_row = len(part.cells) >= 2 and any(is_unit_only(c.text) for c in part.cells)
        valued = _has_value(part.cells) or unit_only_row
        heading = section_of_heading(part.text) if len(part.cells) == 1 else None
        if not valued and found and heading not in (None, section):
            break  # the next panel's title
        idle = 0 if valued else idle + 1
        if idle >= 3:
            break
        found.append((part, valued))
        previous = line
        if sum(v for _, v in found) >= MAX_ROWS_PER_TABLE:
            break
    return _group_rows(found)


def _group_rows(found: list[tuple[Line, bool]]) -> list[tuple[Line, ...]]:
    tops = [line.top for line, valued in found if valued]
    gaps = sorted(b - a for a, b in pairwise(tops) if b > a)
    pitch = gaps[len(gaps) // 2] if gaps else 0.0  # rows' usual spacing
    rows: list[list[Line]] = []
    for index, (line, valued) in enumerate(found):
        if valued:
            above = found[index - 1] if index > 0 else None
            claimed = rows and above is not None and rows[-1][-1] is above[0]
            if above is not None and not above[1] and not claimed and _wraps(above[0], line, pitch):
                rows.append([above[0], line])
            else:
                rows.append([line])
        elif rows and rows[-1][-1] is found[index - 1][0] and _wraps(rows[-1][-1], line, pitch):
            rows[-1].append(line)
    return [tuple(r) for r in rows]


def _wraps(upper: Line, lower: Line, pitch: float) -> bool:
    """Two lines set as one wrapped cell: closer than half the spacing of the table's rows."""
    return 0 <= lower.top - upper.top < WRAP_SHARE * pitch
