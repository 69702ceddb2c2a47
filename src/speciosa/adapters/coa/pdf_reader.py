"""PDF certificates: read in a sandboxed child process, by layout, and by OCR when scanned.

The worker (`pdf_worker`, run through `sandbox`) finds the words and their positions, the
tables and their sections, and reads each result row with its page and region (see
`page_reading`). A PDF without a usable text layer is rendered and read by Tesseract; rows read
that way with low confidence carry a `review_reason`. Rows that cannot be read are listed as
unreadable with why — never guessed. A file that is not a certificate is refused with a reason a
person can act on.
"""

from __future__ import annotations

import threading
from typing import Any

from speciosa.adapters.coa.sandbox import OCR_LIMITS, TEXT_LIMITS, run_worker
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    UnreadableRow,
)
from speciosa.domain.sources.certificate_building import build_certificate

FIELD = "file"
# One OCR worker at a time per server process: each may use up to OCR_LIMITS (1.5 GB, 60 s of
# CPU), so parallel scanned uploads queue here instead of multiplying that memory.
_OCR_SLOTS = threading.BoundedSemaphore(1)


def read_pdf(content: bytes) -> Certificate:
    answer = run_worker(content, "text", TEXT_LIMITS)
    if answer.get("scanned"):
        pages = ",".join(str(n) for n in answer["scan_pages"])
        with _OCR_SLOTS:
            answer = run_worker(content, f"ocr:{pages}", OCR_LIMITS)
        if not answer.get("words"):
            raise InvalidInput(
                "The PDF has no text, and OCR found none on its pages: it looks like a scan "
                "Speciosa cannot read (blank, or an image too faint). Upload the lab's text PDF, "
                "or type the results into a CSV file (analyte,value,unit).",
                field=FIELD,
            )
    results = [_result(r) for r in answer.get("results", [])]
    unreadable = [UnreadableRow(u["line"], u["text"], u["reason"]) for u in answer["unreadable"]]
    if not results and not unreadable:
        scanned = " (read by OCR from a scan)" if answer.get("ocr") else ""
        raise InvalidInput(
            f"No results table was found in the PDF{scanned}: Speciosa looks for a table with a "
            "column of analytes and a column headed as the result (Result, Amount, Mass …). If "
            "the certificate only shows pass/fail badges, ask the lab for the full report.",
            field=FIELD,
        )
    header: dict[str, str] = answer.get("header", {})
    return build_certificate(
        lab=header.get("lab"),
        product=header.get("product"),
        batch=header.get("batch"),
        tested_on=_iso_date(header.get("tested_on")),
        results=results,
        unreadable=unreadable,
        source_format=CertificateFormat.PDF,
    )


def _box(value: Any) -> tuple[float, float, float, float] | None:
    return (value[0], value[1], value[2], value[3]) if value else None


def _result(row: dict[str, Any]) -> RawResult:
    return RawResult(
        analyte=row["analyte"],
        value=row["value"],
        unit=row["unit"],
        line=row.get("line"),
        page=row.get("page"),
        bbox=_box(row.get("bbox")),
        review_reason=row.get("review_reason"),
        loq=row.get("loq"),
        lod=row.get("lod"),
        printed_limit=row.get("printed_limit"),
        printed_status=row.get("printed_status"),
        analyte_bbox=_box(row.get("analyte_bbox")),
        value_bbox=_box(row.get("value_bbox")),
    )


def _iso_date(text: str | None) -> str | None:
    """Only an ISO date is taken from a PDF's header; anything else is left unset, not refused."""
    if text and len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return text[:10]
    return None
