"""Results as labs write them, in PDFs drawn here: microbial wordings, raised exponents, and a
file that is locked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from speciosa.adapters.coa import CertificateFileReader
from speciosa.domain.sources.certificate import RawResult
from tests.integration.test_sources_coa_pdf_layouts import _grid, _values
from tests.support import raw_pdf

READER = CertificateFileReader()


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Not Detected in 25 g", "Absent in 25 g"),
        ("Not Present in 1 gram.", "Absent in 1 g"),
        ("Absent in 10 g", "Absent in 10 g"),
        ("ND", "ND"),
        ("< 10", "< 10"),
        ("NT", None),  # not tested: no result, not a guess
    ],
)
def test_microbial_results_as_labs_write_them(printed: str, read: str | None) -> None:
    rows = [
        ("Test", "Result", "Units", "Limit"),
        ("Salmonella", printed, "", "Absent in 25 g"),
        ("Yeast & mold", "1,200", "CFU/g", "10000"),
    ]
    cells = [(40.0, 90.0, "MICROBIOLOGY")]
    for i, row in enumerate(rows):
        cells += [(x, 110 + 15 * i, t) for x, t in zip((40, 200, 330, 420), row, strict=True) if t]
    certificate = READER.read("micro.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    found: dict[str, RawResult] = {r.analyte: r for r in certificate.results}
    assert (found["Salmonella"].value if "Salmonella" in found else None) == read
    assert (found["Yeast & mold"].value, found["Yeast & mold"].unit) == ("1,200", "CFU/g")
    assert Decimal(found["Yeast & mold"].printed_limit or "0") == Decimal(10000)


def test_a_raised_exponent_is_read_as_a_power_of_ten() -> None:
    """ "2.1 x 10²" printed with a small raised 2; the text layer alone says "102"."""
    cells = [
        (40.0, 70.0, "Microbiological Testing"),
        *_grid(90, (40, 250, 350), [("Test Analysis", "Results", "Units")]),
        *_grid(105, (40, 350), [("Total Yeast and Mold", "CFU/g")]),
    ]
    page = (
        raw_pdf.text_ops(cells) + b"BT /F1 10 Tf 250 687 Td (2.1 x 10) Tj /F1 6 Tf 4 Ts (2) Tj ET\n"
    )
    certificate = READER.read("power.pdf", raw_pdf.one_page(page))
    assert _values(certificate) == {"Total Yeast and Mold": ("2.1 x 10^2", "CFU/g")}


def test_a_password_protected_pdf_is_refused_saying_so() -> None:
    from fpdf import FPDF

    from speciosa.domain.foundation.errors import InvalidInput

    pdf = FPDF()
    pdf.set_encryption(owner_password="lab", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Lead 0.1 ppm")
    with pytest.raises(InvalidInput, match="password"):
        READER.read("locked.pdf", bytes(pdf.output()))
