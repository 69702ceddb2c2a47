"""A person's own data as CSV that a spreadsheet opens safely.

Spreadsheets run a cell that starts with = + - @ (and, in some, a tab or carriage return) as a
formula; a note typed as "=HYPERLINK(...)" would run on the person's computer. Such text cells
get a leading apostrophe, the OWASP "CSV injection" advice
(https://owasp.org/www-community/attacks/CSV_Injection), so the cell shows the text as typed.
Numbers are written as numbers: they are ours, not typed text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | datetime | date | bool | None


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return spreadsheet_safe(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue()
