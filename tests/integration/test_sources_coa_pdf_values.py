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


def test_tight_rows_beside_a_taller_panel_are_not_run_together() -> None:
    """Rows 6.5 pt apart (their loose letter boxes overlap) beside a larger-print cell from
    the summary column: each row keeps its own organism and result (OKCTL's template ran
    "Salmonella" and "Staphylococcus aureus" into one row)."""
    heading = [(300.0, 90.0, "Microbials"), (300.0, 104.0, "Analyte")]
    heading += [(480.0, 104.0, "Result"), (540.0, 104.0, "Status")]
    names = ["E. Coli", "Salmonella", "Staphylococcus aureus", "Coliforms"]
    rows = [(x, 118 + 6.5 * i, t) for i, n in enumerate(names)
            for x, t in ((300, n), (480, "Absent" if i < 3 else "ND"), (540, "Pass"))]  # fmt: skip
    # between the second and third rows' middles, where the running middle crept down
    tall = [(40.0, 125.0, "Moisture"), (110.0, 125.0, "Water"), (170.0, 125.0, "Activity")]
    page = raw_pdf.text_ops([*heading, *rows]) + raw_pdf.text_ops(tall, size=16)
    certificate = READER.read("tight.pdf", raw_pdf.one_page(page))
    read = {r.analyte: r.value for r in certificate.results}
    assert read == {
        "E. Coli": "Absent", "Salmonella": "Absent",
        "Staphylococcus aureus": "Absent", "Coliforms": "ND",
    }  # fmt: skip


def test_a_long_name_printed_almost_touching_a_right_aligned_limit() -> None:
    """Tagleaf's qPCR table: "SHIGA TOXIN-PRODUCING E. COLI" ends a little more than a space
    before "Any amt in 1 gram", under a limit heading printed flush right."""
    cells = [(40.0, 90.0, "MICROBIOLOGICAL CONTAMINANTS")]
    cells += [(40.0, 110.0, "ANALYTE"), (236.0, 110.0, "LIMIT"), (320.0, 110.0, "AMT")]
    cells += [(380.0, 110.0, "PASS/FAIL")]
    for i, name in enumerate(["SALMONELLA SPP.", "SHIGA TOXIN-PRODUCING E. COLI"]):
        y = 125.0 + 15 * i
        cells += [(40.0, y, name), (215.5, y, "Any amt in 1 gram"), (320.0, y, "ND")]
        cells += [(380.0, y, "PASS")]
    certificate = READER.read("qpcr.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    read = {r.analyte: (r.value, r.printed_limit) for r in certificate.results}
    assert read == {
        "SALMONELLA SPP.": ("ND", "Any amt in 1 gram"),
        "SHIGA TOXIN-PRODUCING E. COLI": ("ND", "Any amt in 1 gram"),
    }


@pytest.mark.parametrize(("heading", "lod", "loq"), [("LOD/LOQ", "0.030", "0.090"),
                                                    ("LOQ/LOD", "0.030", "0.090")])  # fmt: skip
def test_a_combined_lod_loq_cell_is_split_in_the_headings_order(
    heading: str, lod: str, loq: str
) -> None:
    cells = [(40.0, 90.0, "HEAVY METALS BY ICP-MS")]
    cells += [(40.0, 110.0, "ANALYTE"), (160.0, 110.0, "LIMIT"), (240.0, 110.0, "AMT (ug/g)")]
    cells += [(330.0, 110.0, heading), (430.0, 110.0, "PASS/FAIL")]
    cells += [(40.0, 125.0, "LEAD"), (160.0, 125.0, "0.5 ug/g"), (240.0, 125.0, "ND")]
    cells += [(330.0, 125.0, "0.030/0.090" if heading.startswith("LOD") else "0.090/0.030")]
    cells += [(430.0, 125.0, "PASS")]
    certificate = READER.read("pair.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    [lead] = certificate.results
    assert (lead.value, lead.lod, lead.loq, lead.printed_limit) == ("ND", lod, loq, "0.5 ug/g")
