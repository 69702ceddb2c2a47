"""Text PDF certificates made by the tests themselves (fpdf2), read back by the layout reader."""

from __future__ import annotations

from collections.abc import Sequence

# Every analyte a kratom certificate is checked for (metals, microbes, alkaloids), each within
# its limits: the passing panel the CoA tests print into a PDF and then read back.
PASSING_PANEL: list[tuple[str, str, str]] = [
    ("Lead", "0.15", "ppm"),
    ("Arsenic", "0.3", "ppm"),
    ("Cadmium", "40", "ppb"),
    ("Mercury", "<0.01", "ppm"),
    ("Total aerobic count", "2.4 x 10^4", "CFU/g"),
    ("Yeast & mold", "<100", "CFU/g"),
    ("Salmonella", "Absent in 25 g", ""),
    ("E. coli", "Absent in 25 g", ""),
    ("Mitragynine", "1.42", "%"),
    ("7-OH", "0.021", "%"),
]


def make_coa_pdf(
    rows: Sequence[tuple[str, str, str]],
    *,
    lab: str = "Example Analytical Labs",
    product: str = "White Borneo kratom powder",
    batch: str = "WB-2611-09",
    tested_on: str = "2026-11-12",
    table: bool = True,
) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 10, "Certificate of Analysis", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in (
        f"Laboratory: {lab}",
        f"Product: {product}",
        f"Batch: {batch}",
        f"Tested on: {tested_on}",
    ):
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if table:
        with pdf.table(col_widths=(70, 50, 40)) as grid:
            header = grid.row()
            for title in ("Analyte", "Result", "Unit"):
                header.cell(title)
            for analyte, value, unit in rows:
                row = grid.row()
                for text in (analyte, value, unit):
                    row.cell(text)
    else:
        pdf.cell(0, 7, "Analyte   Result   Unit", new_x="LMARGIN", new_y="NEXT")
        for analyte, value, unit in rows:
            pdf.cell(0, 7, f"{analyte} {value} {unit}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
