"""Scanned certificates (no text layer): rendered and read by Tesseract, then the same reading.

The scans are made here: a certificate drawn as text, rendered to a grey picture, and put in a
new PDF as its only content — what a phone scanner app produces.
"""

from __future__ import annotations

import io
import shutil

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from speciosa.adapters.coa import CertificateFileReader
from tests.integration.test_sources_coa_pdf_layouts import METAL_ROWS, _elemental_page
from tests.support import raw_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed"),
]
READER = CertificateFileReader()
PRINTED = {row[0]: row[4] for row in METAL_ROWS}


def scanned(dpi: int) -> bytes:
    text = raw_pdf.one_page(raw_pdf.text_ops(_elemental_page()))
    picture = pdfium.PdfDocument(text)[0].render(scale=dpi / 72).to_pil().convert("L")
    png = io.BytesIO()
    picture.save(png, format="PNG")
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.image(png, x=0, y=0, w=612, h=792)
    return bytes(pdf.output())


def test_a_scanned_certificate_is_read_through_ocr() -> None:
    certificate = READER.read("scan.pdf", scanned(200))
    found = {r.analyte: r for r in certificate.results}
    assert {name: found[name].value for name in PRINTED if name in found} == PRINTED
    lead = found["Lead (Pb)"]
    assert (lead.unit, lead.page) == ("ppm", 1)
    assert lead.bbox is not None
    assert lead.bbox[1] < 136 < lead.bbox[3]  # the row's region on the page, in points
    assert not any(r.value in ("0.48", "96%", "0.50") for r in certificate.results)  # QC


def test_a_poor_scan_is_never_a_silent_guess() -> None:
    """At 90 dpi Tesseract is unsure: every value is right, or marked for review, or unreadable."""
    certificate = READER.read("poor.pdf", scanned(90))
    assert certificate.results or certificate.unreadable
    by_word = {name.split()[0]: value for name, value in PRINTED.items()}
    for row in certificate.results:  # a misread symbol ("Mercury (Ha)") is not a wrong value
        if by_word.get(row.analyte.split()[0]) != row.value:
            assert row.review_reason is not None, row
            assert "confidence" in row.review_reason


def test_a_text_cover_page_and_a_scanned_results_page_are_both_read() -> None:
    """A lab's text cover letter with the results page scanned behind it."""
    text = raw_pdf.one_page(raw_pdf.text_ops(_elemental_page()))
    picture = pdfium.PdfDocument(text)[0].render(scale=200 / 72).to_pil().convert("L")
    png = io.BytesIO()
    picture.save(png, format="PNG")
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in range(12):
        pdf.cell(0, 16, f"Cover letter line {line}: the results of your sample are attached.")
        pdf.ln()
    pdf.add_page()
    pdf.image(png, x=0, y=0, w=612, h=792)
    certificate = READER.read("mixed.pdf", bytes(pdf.output()))
    lead = next(r for r in certificate.results if r.analyte.startswith("Lead"))
    assert (lead.value, lead.unit, lead.page) == ("0.35", "ppm", 2)
