"""Text PDF certificates made by the tests themselves (fpdf2), read back by the layout reader."""

from __future__ import annotations

from collections.abc import Sequence


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
