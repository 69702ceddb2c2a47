"""The packaged reference tables, parsed the way the services parse them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest

from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.domain.sources.analytes import AnalyteCatalogue, parse_analyte_catalogue
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
)
from speciosa.domain.sources.certificate_building import build_certificate
from speciosa.domain.sources.findings import Verdict
from speciosa.domain.sources.profile import StandardsProfile
from speciosa.domain.sources.profile_rows import parse_standards_profile
from speciosa.domain.sources.verdict import judge_certificate
from speciosa.services.foundation.reference import ReferenceCatalogue

COMPLETE = (
    ("Lead", "0.1", "ppm"),
    ("Arsenic", "0.2", "ppm"),
    ("Cadmium", "0.03", "ppm"),
    ("Mercury", "<0.01", "ppm"),
    ("Total aerobic count", "1000", "CFU/g"),
    ("Yeast and mould", "<100", "CFU/g"),
    ("Salmonella", "absent in 25 g", ""),
    ("E. coli", "absent in 25 g", ""),
    ("Mitragynine", "1.5", "%"),
    ("7-OH", "0.02", "%"),
)


@pytest.fixture(scope="session")
def reference() -> ReferenceCatalogue:
    return ReferenceCatalogue(YamlReferenceSource())


@pytest.fixture(scope="session")
def catalogue(reference: ReferenceCatalogue) -> AnalyteCatalogue:
    return parse_analyte_catalogue(reference.table("analyte_synonyms").rows)


@pytest.fixture(scope="session")
def profile(reference: ReferenceCatalogue) -> StandardsProfile:
    return parse_standards_profile(reference.table("coa_limits").rows)


def certificate(rows: Sequence[tuple[str, str, str]]) -> Certificate:
    return build_certificate(
        lab="Lab",
        product="Product",
        batch="B-1",
        tested_on="2026-11-01",
        results=[RawResult(a, v, u, i) for i, (a, v, u) in enumerate(rows, start=1)],
        source_format=CertificateFormat.CSV,
    )


def replacing(**changes: tuple[str, str]) -> list[tuple[str, str, str]]:
    """The complete passing panel with some analytes' (value, unit) replaced."""
    return [(a, *changes[a]) if a in changes else (a, v, u) for a, v, u in COMPLETE]


Judge = Callable[..., Verdict]


@pytest.fixture
def judge(catalogue: AnalyteCatalogue, profile: StandardsProfile) -> Judge:
    def run(rows: Sequence[tuple[str, str, str]], grams: str | None = "10") -> Verdict:
        daily = Decimal(grams) if grams is not None else None
        return judge_certificate(certificate(rows), catalogue, profile, daily_grams=daily)

    return run


@pytest.fixture
def judge_pdf(catalogue: AnalyteCatalogue, profile: StandardsProfile) -> Callable[..., Verdict]:
    """Judge a whole certificate (e.g. one read from a PDF) at 10 g a day."""

    def run(c: Certificate) -> Verdict:
        return judge_certificate(c, catalogue, profile, daily_grams=Decimal(10))

    return run
