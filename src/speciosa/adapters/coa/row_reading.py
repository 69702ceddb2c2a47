"""One table row into a result: the analyte, the sample's result, its unit, LOQ, LOD, the
printed limit and pass/fail — or the reason it cannot be read.

Words are placed in the column whose span holds their middle; the analyte is the run of text
under the analyte heading (or left of the first value column). Only a column headed as the
result ("Result", "Amt", "Mass" …) is ever taken as the result; LOQ, LOD and limit columns are
kept beside it for the person reviewing, never in its place. A table whose only value column is
headed "Units" but holds numbers (a template quirk) has its result there. When no column can be
trusted as the result the row is listed as unreadable, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from speciosa.adapters.coa.header_terms import UNIT_IN_TEXT, Column, Role, is_unit_only
from speciosa.adapters.coa.layout_lines import Cell, Line, name_and_value_boxes, region_box
from speciosa.adapters.coa.pdf_words import Word
from speciosa.adapters.coa.sections import JUDGED_SECTIONS
from speciosa.adapters.coa.table_finding import Table
from speciosa.domain.sources.certificate import RawResult, UnreadableRow

# Below this OCR confidence (Tesseract's 0–100) a person must check the reading.
LOW_OCR_CONFIDENCE = 80.0
_NOT_REPORTED = re.compile(
    r"^(?:nt|n/?t|not tested|nr|not reported|n/?a|na|-+|—|not analy[sz]ed)$", re.I
)
_SAMPLE_VALUE = re.compile(
    r"^(?:[<>≤≥=~]\s*)?\d[\d.,]*(?:\s*(?:e[+-]?\d+|[x×]\s*10\^?\S*))?(?:\s*\S+)?$"
    r"|^(?:nd|n\.d\.|blq|bql|bloq|<\s*lo[qd]|<\s*mdl|not detected.*|none detected.*|absent.*|"
    r"present.*|not present.*|positive|negative|detected.*|pass|passed)$",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 8  # "Shiga toxin-producing E. Coli"; longer is a sentence
# A word much taller than its row is a watermark printed across the table ("Analyzed by …").
WATERMARK_HEIGHT = 1.8
_GAP_EM = 2.0  # cells farther apart than this many letter heights are not one analyte name
_SPLIT_GAP_EM = 0.5  # wider than a space: a name and the next column's text in one cell
# "Not Present in 1 gram." and "ND per g" are said by the reading rules as "absent in 1 g".
_ABSENT_FORMS = re.compile(
    r"^(?:not present|not detected|nd|absent)\s*(?:in|per|/)\s*(\d+(?:\.\d+)?)\s*"
    r"(?:g|gram|grams)\.?$",
    re.I,
)


@dataclass(frozen=True)
class _Spans:
    columns: tuple[Column, ...]
    edges: tuple[float, ...]  # column i owns [edges[i], edges[i + 1])

    def column_at(self, x: float) -> int:
        for i in range(len(self.columns)):
            if self.edges[i] <= x < self.edges[i + 1]:
                return i
        return -1


def _spans(table: Table) -> _Spans:
    cols = table.columns
    edges = [table.x0]
    edges += [(cols[i].x1 + cols[i + 1].x0) / 2 for i in range(len(cols) - 1)]
    edges.append(table.x1)
    return _Spans(cols, tuple(edges))


def result_column(table: Table, rows: Sequence[dict[int, str]]) -> int | None:
    """The column of the sample's result: headed so, or a "Units" column that holds values."""
    roles = [c.role for c in table.columns]
    if Role.RESULT in roles:
        return roles.index(Role.RESULT)
    units = [i for i, r in enumerate(roles) if r is Role.UNIT]
    if len(units) == 1:
        held = [row.get(units[0], "") for row in rows if row.get(units[0])]
        if held and all(not is_unit_only(t) and _SAMPLE_VALUE.match(t) for t in held):
            return units[0]
    return None


def place_words(table: Table, row: Sequence[Line]) -> tuple[str, dict[int, str], list[Word]]:
    """(analyte, text per column, every word) of one row."""
    spans = _spans(table)
    cols = spans.columns
    analyte_col = next((i for i, c in enumerate(spans.columns) if c.role is Role.ANALYTE), None)
    first_value = (
        next(i for i, c in enumerate(spans.columns) if c.role is not Role.ANALYTE)
        if any(c.role is not Role.ANALYTE for c in spans.columns)
        else len(spans.columns)
    )
    if analyte_col is not None:
        name_from, name_limit = spans.edges[analyte_col], spans.edges[analyte_col + 1]
    else:  # names have no heading: they are what stands left of the first value column
        name_from = table.x0
        name_limit = spans.columns[first_value].x0 - 4 if first_value < len(cols) else table.x1
    next_column_from = name_limit if analyte_col is not None else float("inf")
    texts: dict[int, list[str]] = {}
    names: list[list[Word]] = []
    words: list[Word] = []
    heights = sorted(w.height for line in row for c in line.cells for w in c.words)
    tallest = heights[len(heights) // 2] * WATERMARK_HEIGHT
    for line in row:
        line_names: list[Word] = []
        for whole in line.cells:
            cell = Cell(tuple(w for w in whole.words if w.height <= tallest))
            if not cell.words:
                continue
            words.extend(cell.words)
            if name_from <= cell.x0 < name_limit and (
                analyte_col is not None or cell.centre < name_limit
            ):
                # A long name printed almost touching the next column ("SHIGA TOXIN-PRODUCING
                # E. COLI Any amt in 1 gram"): past the name column's edge, after a gap wider
                # than a space, the words are the next column's; a name merely overhanging its
                # column (words a space apart) stays whole.
                inside = _name_part(cell, next_column_from)
                line_names.extend(inside)
                if len(inside) == len(cell.words):
                    continue
                cell = Cell(cell.words[len(inside) :])
            for column, text in _split_cell(cell, spans):
                if column >= 0 and column != analyte_col:
                    texts.setdefault(column, []).append(text)
        names.append(
            _nearest_run(
                line_names, spans.columns[analyte_col] if analyte_col is not None else None
            )
        )
    name = " ".join(w.text for run in names for w in run)
    return name, {k: " ".join(v) for k, v in texts.items()}, words


def _name_part(cell: Cell, next_column_from: float) -> tuple[Word, ...]:
    """The words of a cell that are the name: all of them, unless a word starts past the name
    column's edge after a gap wider than a space (a line of text with no gaps is one cell
    the text-line reading takes, not a name and a value)."""
    words = cell.words
    for i in range(1, len(words)):
        gap = words[i].x0 - words[i - 1].x1
        if words[i].x0 >= next_column_from and gap > _SPLIT_GAP_EM * words[i].height:
            return words[:i]
    return words


def _split_cell(cell: Cell, spans: _Spans) -> list[tuple[int, str]]:
    """A cell goes to the column under its middle — a long "Not Detected in 25 g" overflowing
    into the next column stays whole — except a unit printed almost touching the figure before
    it ("0.0062878 ppm"), which goes to its own column."""
    last = cell.words[-1]
    if len(cell.words) > 1 and is_unit_only(last.text):
        head = Cell(cell.words[:-1])
        own = spans.column_at((last.x0 + last.x1) / 2)
        rest = spans.column_at(head.centre)
        if own != rest and spans.columns[own].role is Role.UNIT:
            return [(rest, head.text), (own, last.text)]
    return [(spans.column_at(cell.centre), cell.text)]


def _nearest_run(words: list[Word], heading: Column | None) -> list[Word]:
    """Of the words in the name's span, the run nearest its heading (a far-left note is not)."""
    if not words:
        return []
    words = sorted(words, key=lambda w: w.x0)
    runs: list[list[Word]] = [[words[0]]]
    for word in words[1:]:
        last = runs[-1][-1]
        if word.x0 - last.x1 > _GAP_EM * last.height:
            runs.append([])
        runs[-1].append(word)
    if heading is None:
        return runs[-1]
    return min(runs, key=lambda r: abs((r[0].x0 + r[-1].x1) / 2 - heading.centre))


def read_row(
    table: Table,
    row: Sequence[Line],
    texts: dict[int, str],
    name: str,
    result: int,
    words: list[Word],
) -> RawResult | UnreadableRow | None:
    """The row as a result; None when it reports nothing (not tested) or is not a result row."""
    cols = table.columns
    page = row[-1].page
    shown = " | ".join(filter(None, [name, *(texts.get(i, "") for i in range(len(cols)))]))[:200]
    name = _clean_name(name)
    value = " ".join(texts.get(result, "").split())
    if not _looks_like_name(name) or not any(texts.values()):
        return None  # a note, a date or a summary line under the table, not a result row
    if not value:
        return UnreadableRow(page, shown, "nothing is printed under the result column")
    if _NOT_REPORTED.match(value):
        return None
    unit = _unit(table, texts, result)
    if unit == "" and " " in value and not _ABSENT_FORMS.match(value):
        head, _, tail = value.rpartition(" ")
        if is_unit_only(tail):
            value, unit = head, tail
    value = _normalise_value(value)
    if not _SAMPLE_VALUE.match(value):
        if table.section not in JUDGED_SECTIONS:
            return None  # a line of prose in a table Speciosa does not judge
        return UnreadableRow(page, shown, f"the result '{value[:60]}' is not a value")

    def of(role: Role) -> str | None:
        found = [texts[i] for i, c in enumerate(cols) if c.role is role and texts.get(i)]
        return found[0][:40] if found else None

    confidences = [w.confidence for w in words if w.confidence is not None]
    review = None
    if cols[result].role is Role.UNIT:
        review = (
            f"the result was read from a column headed '{cols[result].text}', which holds the "
            "figures; check that it is the sample's result"
        )
    if confidences and min(confidences) < LOW_OCR_CONFIDENCE:
        review = (
            f"read by OCR from a scanned page with low confidence ({min(confidences):.0f} of 100); "
            "check the value against the page"
        )
    loq, lod = _limits_of_quantitation(table, texts, of(Role.LOQ), of(Role.LOD))
    edges = _spans(table).edges
    name_box, value_box = name_and_value_boxes(row, name, edges[result], edges[result + 1])
    return RawResult(
        name[:200], value[:100], unit[:40], page, page=page, bbox=region_box(row),
        review_reason=review, loq=loq, lod=lod,
        printed_limit=of(Role.LIMIT), printed_status=of(Role.STATUS),
        analyte_bbox=name_box, value_bbox=value_box,
    )  # fmt: skip


_PAIR = re.compile(r"^\s*([\d.]+)\s*/\s*([\d.]+)\s*$")
_PAIR_HEADING = re.compile(r"\b(LOD|LOQ)\b\s*/\s*\b(LOD|LOQ)\b", re.I)


def _limits_of_quantitation(
    table: Table, texts: dict[int, str], loq: str | None, lod: str | None
) -> tuple[str | None, str | None]:
    """(LOQ, LOD): a "0.030/0.090" cell under a "LOD/LOQ" heading is split in the heading's
    order, so the review does not call the detection limit a quantitation limit."""
    if (loq is None) != (lod is None):
        for i, column in enumerate(table.columns):
            heading = _PAIR_HEADING.search(column.text)
            pair = _PAIR.match(texts.get(i, ""))
            if column.role in (Role.LOQ, Role.LOD) and heading and pair:
                first, second = pair.group(1), pair.group(2)
                return (second, first) if heading.group(1).upper() == "LOD" else (first, second)
    return loq, lod


def _unit(table: Table, texts: dict[int, str], result: int) -> str:
    for i, column in enumerate(table.columns):
        if column.role is Role.UNIT and i != result and is_unit_only(texts.get(i, "")):
            return texts[i].strip("()[], ")
    return table.columns[result].unit


# A panel's own name in a summary ("Residual Solvents  Pass", "Heavy Metals  PASSED") is not an
# analyte; organisms and alkaloids that merely sound like a panel ("Total aerobic count") are.
_PANEL_NAME = re.compile(
    r"^(?:heavy\s+metals?|metals?|microbials?|microbiolog\w*|potency|cannabinoids?|alkaloids?|"
    r"residual\s+solvents?|solvents?|pesticides?|mycotoxins?|terpenes?|total\s+contaminant\b)",
    re.IGNORECASE,
)


def _looks_like_name(name: str) -> bool:
    """An analyte's name: a few words with letters, not a sentence, a licence or a heading."""
    words = name.split()
    letters = sum(c.isalpha() for c in UNIT_IN_TEXT.sub("", re.sub(r"\b(?:mg|g|ml)\b", "", name)))
    return (
        letters >= 2
        and letters > sum(c.isdigit() for c in name)
        and len(words) <= MAX_NAME_WORDS
        and not re.search(r"[#@]|https?:|www\.|:\s*\d", name)  # "Total THC: 26.70%" is a label
        and not _PANEL_NAME.match(name)
    )


def _clean_name(name: str) -> str:
    """Footnote marks and underscores off a name ("ASPERGILLUS_NIGER", "Lead*")."""
    if "_" in name:  # "ASPERGILLUS_TERREUS_1J2": a LIMS code; its last part is an assay id
        name = re.sub(r"_\d[A-Z0-9]*$", "", name).replace("_", " ")
    return " ".join(name.strip(" *†‡:").split())


def _normalise_value(value: str) -> str:
    value = value.strip().rstrip(".")
    value = re.sub(r"^=\s*", "", value)
    match = _ABSENT_FORMS.match(value)
    if match:
        return f"Absent in {match.group(1)} g"
    if value.lower() == "not present":
        return "Absent"
    return value
