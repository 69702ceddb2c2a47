"""Scanned certificates: each page rendered with PDFium and read by Tesseract.

Tesseract (Debian `tesseract-ocr`, `tesseract-ocr-eng`) runs as a program, one page at a time,
and gives every word its box and a confidence from 0 to 100. The words then go through the same
layout reading as a text PDF's; a row holding a word read with low confidence is marked for a
person to check (see `row_reading.LOW_OCR_CONFIDENCE`). Boxes are converted from pixels back to
PDF points, in the frame of the page as rendered, so the review image shows the same region.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium

from speciosa.adapters.coa.pdf_pages import PageText, Refused
from speciosa.adapters.coa.pdf_words import Word, clean_text

DPI = 300  # Tesseract reads print best at about 300 dots per inch
MAX_OCR_PAGES = 8  # a scanned certificate is a few pages; each takes seconds to read
MAX_RENDER_PIXELS = 40_000_000  # an A3 page at 300 dpi is about 17 million
OCR_SECONDS_PER_PAGE = 20


def tesseract_program() -> str | None:
    return shutil.which("tesseract")


def ocr_pages(document: pdfium.PdfDocument, numbers: list[int] | None = None) -> Iterator[PageText]:
    """The pages `numbers` (1-based; all when None) read by Tesseract."""
    wanted = numbers or list(range(1, len(document) + 1))
    program = tesseract_program()
    if program is None:
        raise Refused(
            "The PDF has no text layer (it is a scan) and this server has no OCR (Tesseract) "
            "installed to read it. Upload the lab's text PDF, or type the results into a CSV file "
            "(analyte,value,unit)."
        )
    if len(wanted) > MAX_OCR_PAGES:
        raise Refused(
            f"The PDF is a scan of {len(wanted)} pages; Speciosa reads scanned certificates of "
            f"up to {MAX_OCR_PAGES} pages. Upload only the certificate's pages, or the lab's text "
            "PDF."
        )
    with tempfile.TemporaryDirectory(prefix="speciosa-ocr-") as work:
        for number in wanted:
            index = number - 1
            page = document[index]
            width, height = page.get_size()
            scale = DPI / 72
            if width * height * scale * scale > MAX_RENDER_PIXELS:
                scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
            image = page.render(scale=scale).to_pil()
            path = Path(work) / f"page-{index + 1}.png"
            image.save(path)
            page.close()
            yield PageText(index + 1, _tesseract_words(program, path, scale), width, height)


def _tesseract_words(program: str, path: Path, scale: float) -> list[Word]:
    try:
        done = subprocess.run(  # noqa: S603 — fixed program, our own temporary file
            [program, str(path), "stdout", "-l", "eng", "--psm", "3", "tsv"],
            capture_output=True,
            timeout=OCR_SECONDS_PER_PAGE,
            # One thread: on a small shared server Tesseract's own threads only contend.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Refused(
            f"Reading a scanned page took longer than {OCR_SECONDS_PER_PAGE} s. Upload the lab's "
            "text PDF, or type the results into a CSV file (analyte,value,unit)."
        ) from None
    if done.returncode != 0:
        raise Refused("The scanned page could not be read by OCR. Upload the lab's text PDF.")
    return words_from_tsv(done.stdout.decode("utf-8", "replace"), scale)


def words_from_tsv(tsv: str, scale: float) -> list[Word]:
    """Tesseract's TSV (level 5 rows are words) into words with boxes in points."""
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = clean_text(row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top = float(row["left"]), float(row["top"])
            width, height, confidence = (
                float(row["width"]),
                float(row["height"]),
                float(row["conf"]),
            )
        except (KeyError, TypeError, ValueError):
            continue
        words.append(
            Word(
                text,
                round(left / scale, 2),
                round(top / scale, 2),
                round((left + width) / scale, 2),
                round((top + height) / scale, 2),
                confidence=max(confidence, 0.0),
            )
        )
    return words
