"""Certificate readers on real files: JSON and CSV with mixed units from tests/data/coa, a text
PDF made here with fpdf2 and read back by the layout reader, and every kind of malformed input."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from speciosa.adapters.coa import CertificateFileReader
from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import CertificateFormat
from speciosa.domain.sources.findings import FindingStatus, VerdictKind
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.sources.certificate_checker import CertificateChecker
from tests.support.coa_pdf import PASSING_PANEL, make_coa_pdf

DATA = Path(__file__).parent.parent / "data" / "coa"
READER = CertificateFileReader()


@pytest.fixture(scope="module")
def checker() -> CertificateChecker:
    return CertificateChecker(READER, ReferenceCatalogue(YamlReferenceSource()), 20 * 1024 * 1024)


def test_json_with_mixed_units_reads_and_passes(checker: CertificateChecker) -> None:
    result = checker.check("c.json", (DATA / "passing_mixed_units.json").read_bytes(), Decimal(8))
    c = result.certificate
    assert (c.lab, c.batch, c.tested_on.isoformat() if c.tested_on else None) == (
        "Example Analytical Labs", "GM-2611-03", "2026-11-02",
    )  # fmt: skip
    assert c.source_format is CertificateFormat.JSON
    assert result.verdict.kind is VerdictKind.PASS
    lead = next(f for f in result.verdict.findings if f.analyte == "Lead" and "USP" in f.rule)
    assert (lead.value, lead.unit) == (Decimal("0.18"), "µg/g")  # 180 ppb
    assert result.alkaloids.mitragynine_pct == Decimal("1.48")  # 14.8 mg/g
    assert result.alkaloids.hydroxymitragynine_pct == Decimal("0.024")


def test_csv_with_header_block_and_mixed_units(checker: CertificateChecker) -> None:
    result = checker.check("c.csv", (DATA / "passing_mixed_units.csv").read_bytes(), Decimal(6))
    c = result.certificate
    assert (c.product, c.batch, str(c.tested_on)) == (
        "Red Bali kratom powder",
        "RB-2610-11",
        "2026-10-21",
    )
    assert len(c.results) == 10
    assert not c.unreadable
    assert result.verdict.kind is VerdictKind.PASS
    values = {f.analyte: f.value for f in result.verdict.findings if "USP <2232>" in f.rule}
    assert values["Lead"] == Decimal("0.21")  # 0.00021 mg/g
    assert values["Arsenic"] == Decimal("0.41")  # 410 µg/kg
    assert values["Cadmium"] == Decimal("0.035")  # 35 ppb


def test_failing_lead_csv_fails_on_lead(checker: CertificateChecker) -> None:
    result = checker.check("f.csv", (DATA / "failing_lead.csv").read_bytes(), Decimal(4))
    assert result.verdict.kind is VerdictKind.FAIL
    assert {f.analyte for f in result.verdict.findings if f.status is FindingStatus.FAIL} == {
        "Lead"
    }


def test_a_text_pdf_made_here_is_read_back(checker: CertificateChecker, tmp_path: Path) -> None:
    path = tmp_path / "coa.pdf"
    path.write_bytes(make_coa_pdf(PASSING_PANEL))
    result = checker.check(path.name, path.read_bytes(), Decimal(10))
    c = result.certificate
    assert c.source_format is CertificateFormat.PDF
    assert (c.lab, c.product, c.batch, str(c.tested_on)) == (
        "Example Analytical Labs", "White Borneo kratom powder", "WB-2611-09", "2026-11-12",
    )  # fmt: skip
    assert [(r.analyte, r.value, r.unit) for r in c.results] == PASSING_PANEL
    assert not c.unreadable
    # Read from a PDF, no value counts until a person confirms it: at best incomplete …
    assert result.verdict.kind is VerdictKind.INCOMPLETE
    [review] = [f for f in result.verdict.findings if "review needed" in f.rule]
    assert review.value == f"{len(PASSING_PANEL)} of {len(PASSING_PANEL)} not confirmed"
    assert all(r.page == 1 and r.bbox is not None for r in c.results)
    # … and once every row is confirmed it passes.
    confirmed = replace(c, confirmed_rows=frozenset(range(1, len(PASSING_PANEL) + 1)))
    assert checker.judge(confirmed, Decimal(10)).kind is VerdictKind.PASS


def test_a_pdf_row_that_cannot_be_read_is_reported_not_guessed(
    checker: CertificateChecker,
) -> None:
    rows = [*PASSING_PANEL, ("Nickel", "", "ppm")]
    result = checker.check("coa.pdf", make_coa_pdf(rows), Decimal(10))
    [row] = result.certificate.unreadable
    assert "Nickel" in row.text
    assert result.verdict.kind is VerdictKind.INCOMPLETE
    assert any(f.status is FindingStatus.UNREADABLE for f in result.verdict.findings)


def test_a_pdf_without_a_table_is_read_from_its_text_lines(checker: CertificateChecker) -> None:
    result = checker.check("coa.pdf", make_coa_pdf(PASSING_PANEL[:4], table=False), Decimal(10))
    assert [r.analyte for r in result.certificate.results] == [
        "Lead",
        "Arsenic",
        "Cadmium",
        "Mercury",
    ]


def test_csv_rows_with_the_wrong_shape_are_listed_with_line_numbers() -> None:
    text = "analyte,value,unit\nLead,0.1,ppm\nArsenic,0.2\n,0.3,ppm\n"
    certificate = READER.read("c.csv", text.encode())
    assert [r.analyte for r in certificate.results] == ["Lead"]
    assert [(u.line, u.reason) for u in certificate.unreadable] == [
        (3, "fewer columns than the header"),
        (4, "the analyte or the value is empty"),
    ]


def test_json_entries_that_are_not_results_are_listed() -> None:
    text = '{"results": [{"analyte": "Lead", "value": 0.1, "unit": "ppm"}, 7, {"analyte": "As"}]}'
    certificate = READER.read("c.json", text.encode())
    assert len(certificate.results) == 1
    assert [u.line for u in certificate.unreadable] == [2, 3]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.json", "JSON certificate cannot be read"),
        ("empty.csv", "empty"),
        ("binary_junk.bin", "neither UTF-8 text"),
    ],
)
def test_malformed_files_are_refused_with_a_message(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        READER.read(name, (DATA / name).read_bytes())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n1 0 obj <<", "PDF cannot be opened"),
        (b"   \n\t ", "empty"),
        (b"lead\x00,1,ppm", "binary data"),
        (b'["not", "an", "object"]', "is an object"),
        (b'{"results": "none"}', 'needs "results"'),
        (b'{"results": []}', "no result rows"),
        (b'{"results": [{"analyte": "Pb\\u0000", "value": "1", "unit": "ppm"}]}', "not text"),
        (b'{"results": [{"analyte": "\\ud800", "value": "1", "unit": "ppm"}]}', "not text"),
        (
            b'{"tested_on": "yesterday", '
            b'"results": [{"analyte": "Pb", "value": "1", "unit": "ppm"}]}',
            "YYYY-MM-DD",
        ),
    ],
)
def test_broken_inputs_are_invalid_input(content: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        READER.read("x", content)
    assert message in raised.value.detail


def test_plain_words_are_a_csv_row_reported_unreadable() -> None:
    certificate = READER.read("x", b"just some words")
    assert not certificate.results
    assert "expected 3 columns" in certificate.unreadable[0].reason


def test_a_scanned_pdf_without_text_is_refused() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    with pytest.raises(InvalidInput, match="looks like a scan"):
        READER.read("scan.pdf", bytes(pdf.output()))
