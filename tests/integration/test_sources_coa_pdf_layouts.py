"""Layouts of labs that are not in the corpus, drawn here byte by byte: the reader must go by
headings and content, not by one lab's template.

Each case is a certificate as such labs print it — limits before results, units only in the
headings, a QC table repeating the analytes, two tables side by side, a rotated page, a text
layer with NUL bytes — and the sample results it must give (and the figures it must never give).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from speciosa.adapters.coa import CertificateFileReader
from speciosa.domain.sources.certificate import Certificate
from tests.support import raw_pdf

READER = CertificateFileReader()
HEADER = [(40, 40, "Certificate of Analysis"), (40, 58, "Product: Maeng Da kratom powder")]
ELEMENTAL = [
    (40, 100, "ELEMENTAL IMPURITIES BY ICP-MS"),
    *[(x, 120, t) for x, t in [(40, "Element"), (150, "Specification (ppm)"), (260, "LOD (ppm)")]],
    *[(x, 120, t) for x, t in [(330, "LOQ (ppm)"), (400, "Result (ppm)"), (480, "Conclusion")]],
]
METAL_ROWS = [
    ("Lead (Pb)", "1.0", "0.005", "0.02", "0.35", "Complies"),
    ("Arsenic (As)", "1.5", "0.005", "0.02", "<0.02", "Complies"),
    ("Cadmium (Cd)", "0.5", "0.004", "0.01", "ND", "Complies"),
    ("Mercury (Hg)", "0.2", "0.002", "0.01", "0.012", "Complies"),
]
QC = [
    (40, 260, "Quality Control - Matrix Spike"),
    *[(x, 280, t) for x, t in [(40, "Element"), (150, "Spike Level (ppm)"), (260, "Measured")]],
    (400, 280, "Recovery (%)"),
    *[(x, 296 + 14 * i, t) for i, r in enumerate(METAL_ROWS) for x, t in
      [(40, r[0]), (150, "0.50"), (260, "0.48"), (400, "96%")]],
]  # fmt: skip


def _table_rows(rows: Sequence[tuple[str, ...]], top: float) -> list[tuple[float, float, str]]:
    xs = (40, 165, 270, 340, 410, 480)
    return [
        (x, top + 14 * i, text)
        for i, row in enumerate(rows)
        for x, text in zip(xs, row, strict=False)
    ]


def _values(certificate: Certificate) -> dict[str, tuple[str, str]]:
    return {r.analyte: (r.value, r.unit) for r in certificate.results}


def _elemental_page() -> list[tuple[float, float, str]]:
    return [*HEADER, *ELEMENTAL, *_table_rows(METAL_ROWS, 136), *QC]


def test_limits_before_results_units_in_headings_and_a_qc_table() -> None:
    certificate = READER.read("lab.pdf", raw_pdf.one_page(raw_pdf.text_ops(_elemental_page())))
    assert _values(certificate) == {
        "Lead (Pb)": ("0.35", "ppm"),
        "Arsenic (As)": ("<0.02", "ppm"),
        "Cadmium (Cd)": ("ND", "ppm"),
        "Mercury (Hg)": ("0.012", "ppm"),
    }
    lead = certificate.results[0]
    assert (lead.loq, lead.lod, lead.printed_limit, lead.printed_status) == (
        "0.02", "0.005", "1.0", "Complies",
    )  # fmt: skip
    assert lead.page == 1
    assert lead.bbox is not None
    x0, top, x1, bottom = lead.bbox
    assert x0 < 45
    assert x1 > 430
    assert top < 136 < bottom < 160


def test_two_tables_side_by_side_with_a_unit_row_under_the_headings() -> None:
    cells = [(40, 90, "Heavy Metals")]
    for left in (40, 320):
        cells += [(left, 110, "Analyte"), (left + 110, 110, "LOQ"), (left + 170, 110, "Amount")]
        cells += [(left + 110, 122, "ppb"), (left + 170, 122, "ppb")]
    rows = [
        ("Arsenic", "50", "120", "Lead", "50", "75.5"),
        ("Cadmium", "50", "ND", "Mercury", "20", "<LOQ"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip((40, 150, 210, 320, 430, 490), row, strict=True):
            cells.append((x, 138 + 14 * i, text))
    certificate = READER.read("grid.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    assert _values(certificate) == {
        "Arsenic": ("120", "ppb"),
        "Lead": ("75.5", "ppb"),
        "Cadmium": ("ND", "ppb"),
        "Mercury": ("<LOQ", "ppb"),
    }


@pytest.mark.parametrize(("rotate", "width", "height"), [(90, 792, 612), (0, 612, 792)])
def test_a_rotated_table_is_read_upright_and_its_regions_are_on_the_page_as_shown(
    rotate: int, width: float, height: float
) -> None:
    """A landscape table printed up a portrait page, shown turned (/Rotate 90) or not: it reads
    row by row either way, and each row's box is where it is on the page as rendered."""
    ops = bytearray()
    for x, y, text in _elemental_page():
        # Shown turned 90° clockwise, a point (x, y from the top) of the landscape page is
        # (y, x) in the portrait page's own space, and the text runs up it.
        ops += b"BT /F1 10 Tf 0 1 -1 0 %g %g Tm (" % (y, x) + text.encode() + b") Tj ET\n"
    certificate = READER.read("turned.pdf", raw_pdf.one_page(bytes(ops), rotate=rotate))
    assert _values(certificate)["Lead (Pb)"] == ("0.35", "ppm")
    lead = certificate.results[0]
    assert lead.bbox is not None
    x0, top, x1, bottom = lead.bbox
    assert 0 <= x0 < x1 <= width, lead.bbox
    assert 0 <= top < bottom <= height, lead.bbox
    if rotate == 0:  # the row runs down the page: tall and narrow, left of the middle
        assert bottom - top > 300
        assert x1 - x0 < 20
        assert x1 < 306


def test_nul_bytes_and_odd_characters_in_the_text_layer_are_cleaned_not_refused() -> None:
    cells = [(x, y, t.replace("Lead", "Le\x00ad\x07")) for x, y, t in _elemental_page()]
    certificate = READER.read("nul.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    names = [r.analyte for r in certificate.results]
    assert names[0] in ("Lead (Pb)", "Le ad (Pb)")
    assert all("\x00" not in r.analyte + r.value for r in certificate.results)


def test_a_table_continued_on_the_next_page_keeps_its_panel() -> None:
    first = raw_pdf.text_ops([*HEADER, *ELEMENTAL, *_table_rows(METAL_ROWS[:2], 136)])
    second = raw_pdf.text_ops([*ELEMENTAL[1:], *_table_rows(METAL_ROWS[2:], 136)])
    pdf = raw_pdf.assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            raw_pdf.FONT,
            raw_pdf.stream(first),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
            raw_pdf.stream(second),
        ]
    )
    certificate = READER.read("two.pdf", pdf)
    pages = {r.analyte: r.page for r in certificate.results}
    assert pages == {"Lead (Pb)": 1, "Arsenic (As)": 1, "Cadmium (Cd)": 2, "Mercury (Hg)": 2}


def test_a_kratom_lab_layout_with_method_and_specification_columns() -> None:
    """Test | Method | Specification | Result, the unit written inside the cells."""
    rows = [
        ("Test", "Method", "Specification", "Result"),
        ("Lead (Pb)", "ICP-MS", "<= 0.5 ppm", "0.21 ppm"),
        ("Arsenic (As)", "ICP-MS", "<= 1.5 ppm", "< 0.1 ppm"),
        ("Cadmium (Cd)", "ICP-MS", "<= 0.5 ppm", "Not Detected"),
        ("Mercury (Hg)", "ICP-MS", "<= 1.5 ppm", "0.05 ppm"),
        ("Mitragynine", "HPLC", "Report", "1.62 %"),
    ]
    cells = [(40.0, 80.0, "Analytical Results")]
    for i, row in enumerate(rows):
        cells += [(x, 100 + 15 * i, t) for x, t in zip((40, 180, 280, 420), row, strict=True)]
    certificate = READER.read("kratom.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    assert _values(certificate) == {
        "Lead (Pb)": ("0.21", "ppm"),
        "Arsenic (As)": ("< 0.1", "ppm"),
        "Cadmium (Cd)": ("Not Detected", ""),
        "Mercury (Hg)": ("0.05", "ppm"),
        "Mitragynine": ("1.62", "%"),
    }
    assert certificate.results[0].printed_limit == "<= 0.5 ppm"


def _grid(
    top: float, xs: tuple[int, ...], rows: Sequence[tuple[str, ...]]
) -> list[tuple[float, float, str]]:
    return [
        (x, top + 15 * i, text)
        for i, row in enumerate(rows)
        for x, text in zip(xs, row, strict=True)
        if text
    ]


def test_result_units_reporting_limit_then_method_blank_and_lcs_tables() -> None:
    """A contract lab's report: the sample table, then its method blank and LCS recoveries."""
    xs = (40, 170, 250, 330, 450)
    cells = [
        (40.0, 70.0, "Metals by ICP-MS (AOAC 2015.01)"),
        *_grid(
            90,
            xs,
            [
                ("Analyte", "Result", "Units", "Reporting Limit", "Dilution"),
                ("Arsenic", "0.412", "mg/kg", "0.050", "5"),
                ("Cadmium", "ND", "mg/kg", "0.050", "5"),
                ("Lead", "0.198", "mg/kg", "0.050", "5"),
                ("Mercury", "ND", "mg/kg", "0.010", "5"),
            ],
        ),
        (40.0, 200.0, "Method Blank"),
        *_grid(215, xs, [("Analyte", "Result", "Units", "Reporting Limit", "")]),
        *_grid(230, xs, [("Lead", "0.003", "mg/kg", "0.050", "")]),
        (40.0, 270.0, "Laboratory Control Sample (LCS)"),
        *_grid(285, xs, [("Analyte", "Spike Amount", "Found", "% Recovery", "")]),
        *_grid(300, xs, [("Lead", "1.00", "0.97", "97%", "")]),
    ]  # fmt: skip
    certificate = READER.read("contract.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    assert _values(certificate) == {
        "Arsenic": ("0.412", "mg/kg"),
        "Cadmium": ("ND", "mg/kg"),
        "Lead": ("0.198", "mg/kg"),
        "Mercury": ("ND", "mg/kg"),
    }
    assert [r.loq for r in certificate.results] == ["0.050", "0.050", "0.050", "0.010"]


def test_a_qualifier_column_and_an_action_limit_after_the_result() -> None:
    xs = (40, 150, 200, 250, 310, 370, 430)
    cells = [
        (40.0, 70.0, "HEAVY METALS"),
        *_grid(
            90,
            xs,
            [
                ("Analyte", "LOD", "LOQ", "Result", "Qualifier", "Units", "Action Limit"),
                ("Arsenic", "0.02", "0.06", "<LOQ", "J", "µg/g", "1.5"),
                ("Lead", "0.02", "0.06", "0.33", "", "µg/g", "0.5"),
            ],
        ),
    ]
    page = raw_pdf.text_ops(cells)
    certificate = READER.read("acs.pdf", raw_pdf.one_page(page))
    assert _values(certificate) == {"Arsenic": ("<LOQ", "µg/g"), "Lead": ("0.33", "µg/g")}
    assert [r.printed_limit for r in certificate.results] == ["1.5", "0.5"]


def test_names_without_a_heading_of_their_own() -> None:
    rows = [
        ("", "Result (ppm)", "LOQ (ppm)"),
        ("Total lead", "0.41", "0.05"),
        ("Cadmium", "ND", "0.05"),
    ]
    cells = [(40.0, 70.0, "Heavy metals"), *_grid(90, (40, 300, 400), rows)]
    certificate = READER.read("plain.pdf", raw_pdf.one_page(raw_pdf.text_ops(cells)))
    assert _values(certificate) == {"Total lead": ("0.41", "ppm"), "Cadmium": ("ND", "ppm")}
