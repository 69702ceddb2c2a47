"""Text-based PDF certificates, read with pdfplumber.

The header (lab, product, batch/lot, test date) comes from "Name: value" lines of the text. The
results come from tables whose header row names an analyte column and a result column (a unit
column is optional: "0.12 ppm" in one cell is split). A row that cannot be read that way is
listed in the certificate's unreadable rows with the reason — never guessed. When a PDF has no
table, lines under an "Analyte … Result … Unit" heading are read as "name value unit".
A scanned PDF (no text) is refused with a message saying so. Each result keeps the page and
the box it was read from, so a person can check it against the page (`page_images`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from speciosa.domain.errors import InvalidInput
from speciosa.domain.labs.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    UnreadableRow,
    build_certificate,
)

FIELD = "file"
MAX_PAGES = 30  # a certificate is a few pages; a long document is not a certificate
HEADER_PATTERNS = {
    "lab": re.compile(r"^\s*(?:testing\s+)?lab(?:oratory)?(?:\s+name)?\s*:\s*(?P<v>.+)$", re.I),
    "product": re.compile(r"^\s*product(?:\s+name)?\s*:\s*(?P<v>.+)$", re.I),
    "batch": re.compile(
        r"^\s*(?:batch|lot)(?:\s*(?:/|or)\s*lot)?(?:\s+(?:number|no\.?|#|id))?\s*:\s*(?P<v>.+)$",
        re.I,
    ),
    "tested_on": re.compile(
        r"^\s*(?:tested\s+on|date\s+tested|test\s+date|date\s+of\s+analysis|analy[sz]ed\s+on)"
        r"\s*:\s*(?P<v>\d{4}-\d{2}-\d{2})",
        re.I,
    ),
}
ANALYTE_HEADERS = {"analyte", "test", "parameter", "analysis", "compound", "element"}
VALUE_HEADERS = {"result", "results", "value", "amount", "level"}
UNIT_HEADERS = {"unit", "units", "uom"}
_VALUE_UNIT = re.compile(
    r"^(?P<value>.*?\d(?:\S*)?|<\s*\S+|nd|absent.*|not detected)\s+(?P<unit>\S+)$", re.IGNORECASE
)
_TEXT_ROW = re.compile(
    r"^(?P<analyte>[A-Za-z][^\d<]*?)\s+"
    r"(?P<value><?\s*[\d.]+(?:[eE][+-]?\d+)?|ND|Absent(?: in \d+ ?g)?|Not detected)\s+"
    r"(?P<unit>\S+(?: ?\S+)?)$",
    re.IGNORECASE,
)


def read_pdf(content: bytes) -> Certificate:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InvalidInput(
                    f"The PDF has {len(pdf.pages)} pages; a certificate has at most {MAX_PAGES}.",
                    field=FIELD,
                )
            texts = [page.extract_text() or "" for page in pdf.pages]
            tables = [
                _PlacedTable(number, table.extract(), [row.bbox for row in table.rows])
                for number, page in enumerate(pdf.pages, start=1)
                for table in page.find_tables()
            ]
            lines = [
                _PlacedLine(number, str(line["text"]), _box(line))
                for number, page in enumerate(pdf.pages, start=1)
                for line in page.extract_text_lines()
            ]
    except InvalidInput:
        raise
    except Exception as error:  # pdfminer raises many kinds (PdfminerException, ValueError …)
        raise InvalidInput(
            "The PDF cannot be opened (it may be damaged, truncated or password-protected). "
            f"Export the certificate again and upload it. ({type(error).__name__})",
            field=FIELD,
        ) from None
    text = "\n".join(texts)
    if not text.strip():
        raise InvalidInput(
            "The PDF has no text: it looks like a scan. Upload the lab's text PDF, or type the "
            "results into a CSV file (analyte,value,unit).",
            field=FIELD,
        )
    header = _header(text.splitlines())
    results, unreadable = _from_tables(tables)
    if not results and not unreadable:
        results, unreadable = _from_text(lines)
    if not results and not unreadable:
        raise InvalidInput(
            "No results table was found in the PDF: Speciosa looks for a table with an "
            "'Analyte' and a 'Result' column.",
            field=FIELD,
        )
    return build_certificate(
        lab=header.get("lab"),
        product=header.get("product"),
        batch=header.get("batch"),
        tested_on=header.get("tested_on"),
        results=results,
        unreadable=unreadable,
        source_format=CertificateFormat.PDF,
    )


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _PlacedTable:
    """A table as pdfplumber found it, with its page and each row's box (for the review)."""

    page: int
    rows: list[list[str | None]]
    boxes: list[Box]


@dataclass(frozen=True)
class _PlacedLine:
    page: int
    text: str
    bbox: Box


def _box(line: dict[str, object]) -> Box:
    def number(key: str) -> float:
        value = line.get(key)
        return float(value) if isinstance(value, int | float) else 0.0

    return (number("x0"), number("top"), number("x1"), number("bottom"))


def _header(lines: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        for name, pattern in HEADER_PATTERNS.items():
            match = pattern.match(line)
            if match and name not in found:
                found[name] = match.group("v").strip()[:200]
    return found


def _cell(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _columns(row: list[str]) -> dict[str, int] | None:
    words = [re.sub(r"[^a-z]", "", c.lower()) for c in row]
    columns: dict[str, int] = {}
    for index, word in enumerate(words):
        if word in ANALYTE_HEADERS and "analyte" not in columns:
            columns["analyte"] = index
        elif word in VALUE_HEADERS and "value" not in columns:
            columns["value"] = index
        elif word in UNIT_HEADERS and "unit" not in columns:
            columns["unit"] = index
    return columns if {"analyte", "value"} <= set(columns) else None


def _from_tables(
    tables: list[_PlacedTable],
) -> tuple[list[RawResult], list[UnreadableRow]]:
    results: list[RawResult] = []
    unreadable: list[UnreadableRow] = []
    row_number = 0
    for table in tables:
        columns: dict[str, int] | None = None
        for index, raw_row in enumerate(table.rows):
            bbox = table.boxes[index] if index < len(table.boxes) else None
            row = [_cell(c) for c in raw_row]
            row_number += 1
            if not any(row):
                continue
            if columns is None:
                columns = _columns(row)
                continue
            if _columns(row) is not None:
                continue  # a repeated header row on a new page
            shown = " | ".join(row)[:200]
            analyte = row[columns["analyte"]] if columns["analyte"] < len(row) else ""
            value = row[columns["value"]] if columns["value"] < len(row) else ""
            unit = row[columns["unit"]] if "unit" in columns and columns["unit"] < len(row) else ""
            if "unit" not in columns:
                split = _VALUE_UNIT.match(value)
                if split:
                    value, unit = split.group("value").strip(), split.group("unit")
            if not analyte or not value:
                unreadable.append(
                    UnreadableRow(row_number, shown, "the analyte or result cell is empty")
                )
                continue
            results.append(
                RawResult(
                    analyte[:200], value[:100], unit[:40], row_number, page=table.page, bbox=bbox
                )
            )
    return results, unreadable


def _from_text(lines: list[_PlacedLine]) -> tuple[list[RawResult], list[UnreadableRow]]:
    results: list[RawResult] = []
    unreadable: list[UnreadableRow] = []
    in_table = False
    for number, placed in enumerate(lines, start=1):
        stripped = placed.text.strip()
        if not stripped:
            continue
        lowered = stripped.lower()
        if not in_table:
            in_table = "analyte" in lowered and "result" in lowered
            continue
        match = _TEXT_ROW.match(stripped)
        if match:
            results.append(
                RawResult(
                    match.group("analyte").strip()[:200],
                    match.group("value").strip()[:100],
                    match.group("unit").strip()[:40],
                    number,
                    page=placed.page,
                    bbox=placed.bbox,
                )
            )
        elif any(h.match(stripped) for h in HEADER_PATTERNS.values()):
            continue
        else:
            unreadable.append(
                UnreadableRow(number, stripped[:200], "not in the form 'analyte value unit'")
            )
    return results, unreadable
