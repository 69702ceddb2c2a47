"""Real certificates from several US labs (`../shared/coa-corpus`, labelled by eye), read as a
user would upload them: through the sandboxed reader, one file at a time.

Acceptance (issue 14): at least 90 % of the labelled heavy-metal results read correctly (value
and unit normalised, or ND/BLQ) and not one wrong value — a QC, LOQ, LOD or limit figure taken
as the sample's result. Every file is either read or refused with a reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from speciosa.adapters.coa import CertificateFileReader
from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.analytes import AnalyteCatalogue, parse_analyte_catalogue
from speciosa.domain.sources.certificate import Certificate
from speciosa.services.foundation.reference import ReferenceCatalogue
from tests.support.coa_corpus import corpus_dir, labels, printed_figures, score_corpus
from tests.support.coa_corpus_microbes import MicrobeScore, score_microbes

CORPUS = corpus_dir()
pytestmark = pytest.mark.skipif(
    CORPUS is None, reason="../shared/coa-corpus is not beside the repository"
)
READER = CertificateFileReader()
REQUIRED_SHARE = Decimal("0.90")
# Microbial panels: 41 of 92 labelled results were read correctly before the organism names
# labs print were sourced (issue 14, stop 12); 91 of 92 after. Fewer is a regression.
MICROBES_READ_CORRECTLY = 91


@pytest.fixture(scope="module")
def catalogue() -> AnalyteCatalogue:
    rows = ReferenceCatalogue(YamlReferenceSource()).table("analyte_synonyms").rows
    return parse_analyte_catalogue(rows)


@pytest.fixture(scope="module")
def read_all() -> dict[str, Certificate | str]:
    """Each file's certificate, or the reason it was refused."""
    assert CORPUS is not None
    found: dict[str, Certificate | str] = {}
    for label in labels(CORPUS):
        content = (CORPUS / "pdf" / label["file"]).read_bytes()
        try:
            found[label["file"]] = READER.read(label["file"], content)
        except InvalidInput as refusal:
            found[label["file"]] = refusal.detail
    return found


def test_metal_results_are_read_and_none_is_wrong(
    read_all: dict[str, Certificate | str], catalogue: AnalyteCatalogue
) -> None:
    assert CORPUS is not None

    def read(name: str, content: bytes) -> Certificate | None:
        del content
        found = read_all[name]
        return found if isinstance(found, Certificate) else None

    score = score_corpus(CORPUS, read, catalogue)
    print(  # the figures the issue asks for, shown with -s and in CI logs
        f"\ncorpus: {score.correct}/{score.labelled} labelled metal results read correctly "
        f"({score.share:.1%}); wrong values: {len(score.wrong)}; missed: {score.missed}"
    )
    assert score.wrong == []
    assert Decimal(score.correct) >= REQUIRED_SHARE * score.labelled, score.missed


def test_every_file_is_read_or_refused_with_a_reason(
    read_all: dict[str, Certificate | str],
) -> None:
    for name, found in read_all.items():
        if isinstance(found, str):
            assert len(found) > 40, (name, found)
            assert found.endswith("."), (name, found)


def test_every_result_from_a_pdf_points_at_its_page_and_region(
    read_all: dict[str, Certificate | str],
) -> None:
    rows = [r for c in read_all.values() if isinstance(c, Certificate) for r in c.results]
    assert rows
    for row in rows:
        assert row.page is not None
        assert row.page >= 1
        assert row.bbox is not None
        x0, top, x1, bottom = row.bbox
        assert 0 <= x0 < x1, row
        assert 0 <= top < bottom, row


def test_quality_control_tables_are_never_read_as_results(
    read_all: dict[str, Certificate | str], catalogue: AnalyteCatalogue
) -> None:
    """MCR's page 7 and Steep Hill's [R] list the metals again with spike recoveries."""
    for name, found in read_all.items():
        if not isinstance(found, Certificate):
            continue
        for row in found.results:
            analyte = catalogue.find(row.analyte)
            if analyte is not None and analyte.kind.value == "metal":
                assert "%" not in row.value, (name, row)
                assert row.page is not None
                assert row.page <= 5, (name, row)


def test_microbial_results_are_read_and_none_is_wrong(
    read_all: dict[str, Certificate | str], catalogue: AnalyteCatalogue
) -> None:
    """Each labelled organism recognised as printed (STEC as STEC, not as E. coli) with its
    measured value: absent / not detected, the same "<bound" or the same count."""
    assert CORPUS is not None
    score = MicrobeScore()
    for label in labels(CORPUS):
        found = read_all[label["file"]]
        score_microbes(label, found if isinstance(found, Certificate) else None, catalogue, score)
    print(
        f"\ncorpus: {score.correct}/{score.labelled} labelled microbial results read correctly "
        f"({score.share:.1%}); wrong values: {len(score.wrong)}; missed: {score.missed}"
    )
    assert score.wrong == []
    assert score.correct >= MICROBES_READ_CORRECTLY, score.missed


def test_what_the_lab_printed_beside_each_metal_is_read_as_labelled(
    read_all: dict[str, Certificate | str], catalogue: AnalyteCatalogue
) -> None:
    """LOQ, LOD and the lab's limit, kept beside each result for the reviewer: every labelled
    figure is read (Tagleaf's "0.030/0.090" under "LOD/LOQ" gives both)."""
    assert CORPUS is not None
    totals: dict[str, list[Any]] = {}
    for label in labels(CORPUS):
        found = read_all[label["file"]]
        certificate = found if isinstance(found, Certificate) else None
        for figure, (correct, wrong) in printed_figures(label, certificate, catalogue).items():
            total = totals.setdefault(figure, [0, 0, []])
            total[0] += correct
            total[1] += correct + len(wrong)
            total[2] += wrong
    print("\ncorpus printed figures:", {k: f"{v[0]}/{v[1]}" for k, v in totals.items()})
    assert set(totals) == {"loq", "lod", "limit"}
    for figure, (correct, labelled, wrong) in totals.items():
        assert correct == labelled, (figure, wrong)
