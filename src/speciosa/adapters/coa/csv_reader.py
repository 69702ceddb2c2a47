"""CSV certificates: an optional header block ("lab,Acme Labs" or "Lab: Acme Labs"), then rows
of analyte,value,unit (a column-header row "analyte,value,unit" is optional).

A row with the wrong number of columns, or an empty analyte or value, is reported as unreadable
with its line number.
"""

from __future__ import annotations

import csv
import io
import re

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    UnreadableRow,
)
from speciosa.domain.sources.certificate_building import build_certificate

HEADER_KEYS = {
    "lab": "lab",
    "laboratory": "lab",
    "product": "product",
    "productname": "product",
    "batch": "batch",
    "lot": "batch",
    "batchnumber": "batch",
    "lotnumber": "batch",
    "batchlot": "batch",
    "testedon": "tested_on",
    "datetested": "tested_on",
    "testdate": "tested_on",
    "dateofanalysis": "tested_on",
    "reportdate": "tested_on",
}
COLUMN_NAMES = {
    "analyte": "analyte",
    "test": "analyte",
    "parameter": "analyte",
    "value": "value",
    "result": "value",
    "unit": "unit",
    "units": "unit",
}
MAX_LINE = 2000


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _header_entry(cells: list[str]) -> tuple[str, str] | None:
    """("lab", "Acme") for "Lab: Acme" or "lab,Acme"; None for anything else."""
    if len(cells) == 1 and ":" in cells[0]:
        name, _, value = cells[0].partition(":")
        if _key(name) in HEADER_KEYS:
            return HEADER_KEYS[_key(name)], value.strip()
    if len(cells) == 2 and _key(cells[0]) in HEADER_KEYS:
        return HEADER_KEYS[_key(cells[0])], cells[1]
    return None


def _columns(cells: list[str]) -> dict[str, int] | None:
    named = {COLUMN_NAMES.get(_key(c)) for c in cells}
    if not {"analyte", "value", "unit"} <= named:
        return None
    return {COLUMN_NAMES[_key(c)]: i for i, c in enumerate(cells) if _key(c) in COLUMN_NAMES}


def _row(cells: list[str], columns: dict[str, int] | None, line: int) -> RawResult | UnreadableRow:
    shown = ",".join(cells)[:MAX_LINE]
    if columns is not None:
        if len(cells) <= max(columns.values()):
            return UnreadableRow(line, shown, "fewer columns than the header")
        analyte, value, unit = (cells[columns[k]] for k in ("analyte", "value", "unit"))
    elif len(cells) == 3:
        analyte, value, unit = cells
    else:
        return UnreadableRow(
            line, shown, f"expected 3 columns (analyte,value,unit), got {len(cells)}"
        )
    if not analyte or not value:
        return UnreadableRow(line, shown, "the analyte or the value is empty")
    return RawResult(analyte[:200], value[:100], unit[:40], line)


def read_csv(text: str) -> Certificate:
    header: dict[str, str] = {}
    results: list[RawResult] = []
    unreadable: list[UnreadableRow] = []
    columns: dict[str, int] | None = None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise InvalidInput(f"The CSV certificate cannot be read: {error}.", field="file") from None
    for line, raw_cells in enumerate(rows, start=1):
        cells = [c.strip() for c in raw_cells]
        if not any(cells):
            continue
        entry = _header_entry(cells) if not results and not unreadable else None
        if entry is not None:
            header[entry[0]] = entry[1]
            continue
        if columns is None and (found := _columns(cells)) is not None:
            columns = found
            continue
        row = _row(cells, columns, line)
        if isinstance(row, RawResult):
            results.append(row)
        else:
            unreadable.append(row)
    if not results and not unreadable:
        raise InvalidInput(
            "The CSV file has no result rows. Each row is analyte,value,unit (for example "
            "Lead,0.12,ppm).",
            field="file",
        )
    return build_certificate(
        lab=header.get("lab"),
        product=header.get("product"),
        batch=header.get("batch"),
        tested_on=header.get("tested_on"),
        results=results,
        unreadable=unreadable,
        source_format=CertificateFormat.CSV,
    )
