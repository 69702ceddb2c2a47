"""Golden cases for the certificate rules added in issue 12, each citing its source: the federal
per-unit 7-OH figure, Florida's 7-OH threshold, the GA/RI per-serving caps, USP <467> residual
solvents for extracts, and the "enhanced" flag at the published 2 % share (not only 7-OH >
mitragynine)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from speciosa.domain.sources.analytes import AnalyteCatalogue
from speciosa.domain.sources.findings import Finding, FindingStatus, Verdict, VerdictKind
from speciosa.domain.sources.profile import MicrobialCategory, StandardsProfile
from speciosa.domain.sources.verdict import judge_certificate
from tests.unit.domain.sources.conftest import COMPLETE, certificate, replacing


def run(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    rows: list[tuple[str, str, str]],
    *,
    serving: str | None = None,
    category: MicrobialCategory = MicrobialCategory.DRIED_BOTANICAL,
) -> Verdict:
    return judge_certificate(
        certificate(rows),
        catalogue,
        profile,
        daily_grams=Decimal(10),
        category=category,
        serving_grams=Decimal(serving) if serving else None,
    )


def find(verdict: Verdict, analyte: str, rule_part: str) -> Finding:
    matches = [f for f in verdict.findings if f.analyte == analyte and rule_part in f.rule]
    assert len(matches) == 1, [(f.analyte, f.rule) for f in verdict.findings]
    return matches[0]


@pytest.mark.parametrize(
    ("serving_g", "oh_percent", "federal", "ga_ri"),
    [
        # mg = g × % × 10. DEA notice of intent (1 Jul 2026): more than 1.00 mg 7-OH per unit.
        ("1", "0.1", FindingStatus.PASS, FindingStatus.PASS),  # exactly 1.00 mg: not "more than"
        ("1", "0.11", FindingStatus.FLAG, FindingStatus.FAIL),  # 1.10 mg
        # R.I. Gen. Laws § 21-28.12-3(a)(10)(iii), O.C.G.A. § 16-13-122: > 1 mg per serving fails.
        ("5", "0.02", FindingStatus.PASS, FindingStatus.PASS),  # 5 g leaf at 0.02 %: 1.00 mg
        ("10", "0.02", FindingStatus.FLAG, FindingStatus.FAIL),  # 2.00 mg
    ],
)
def test_7oh_per_serving(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    serving_g: str,
    oh_percent: str,
    federal: FindingStatus,
    ga_ri: FindingStatus,
) -> None:
    verdict = run(catalogue, profile, replacing(**{"7-OH": (oh_percent, "%")}), serving=serving_g)
    assert find(verdict, "7-hydroxymitragynine", "Federal 7-OH per unit").status is federal
    assert find(verdict, "7-hydroxymitragynine", "1 mg 7-OH per serving").status is ga_ri


@pytest.mark.parametrize(
    ("serving_g", "mg_percent", "expected"),
    [
        # R.I. § 21-28.12-3(a)(10)(i): more than 150 mg mitragynine per serving.
        ("10", "1.5", FindingStatus.PASS),  # 150 mg
        ("10", "1.6", FindingStatus.FAIL),  # 160 mg
    ],
)
def test_mitragynine_per_serving(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    serving_g: str,
    mg_percent: str,
    expected: FindingStatus,
) -> None:
    verdict = run(catalogue, profile, replacing(Mitragynine=(mg_percent, "%")), serving=serving_g)
    assert find(verdict, "Mitragynine", "150 mg mitragynine").status is expected


def test_without_a_serving_size_the_per_serving_limits_are_named_not_skipped(
    catalogue: AnalyteCatalogue, profile: StandardsProfile
) -> None:
    verdict = run(catalogue, profile, list(COMPLETE))
    notes = [f for f in verdict.findings if f.analyte == "Per-serving limits"]
    assert [f.status for f in notes] == [FindingStatus.INFO]
    assert "serving (unit) size is not known" in notes[0].explanation
    assert verdict.kind is VerdictKind.PASS


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        # Florida AG emergency rule 2ER25-2: 7-OH above 0.04 % (400 ppm) dry weight.
        ("0.04", FindingStatus.PASS),
        ("0.041", FindingStatus.FLAG),
    ],
)
def test_florida_7oh_threshold(
    catalogue: AnalyteCatalogue, profile: StandardsProfile, percent: str, expected: FindingStatus
) -> None:
    rows = [*replacing(**{"7-OH": (percent, "%")}), ("Total alkaloids", "10", "%")]
    verdict = run(catalogue, profile, rows)
    assert find(verdict, "7-hydroxymitragynine", "Florida").status is expected


@pytest.mark.parametrize(
    ("mitragynine", "oh", "total", "flagged"),
    [
        # KCPA ceiling: 7-OH not more than 2 % of the alkaloid composition (Utah Code
        # § 4-45-104(1)(c); Tex. Health & Safety Code § 444.003(3)).
        ("1.5", "0.02", "2", False),  # leaf: 1 % of total alkaloids
        ("1.5", "0.05", "2", True),  # 2.5 % of total alkaloids, though 7-OH << mitragynine
        ("1.0", "0.03", None, True),  # 2.9 % of the alkaloids reported
        ("0.4", "4", "5", True),  # enhanced product, 7-OH > mitragynine (Brown 2025 profile)
        ("1.5", "0.1", "0", False),  # a printed total of 0 leaves no share to judge (no crash)
    ],
)
def test_the_enhanced_flag_uses_the_published_2_percent_share(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    mitragynine: str,
    oh: str,
    total: str | None,
    flagged: bool,
) -> None:
    rows = replacing(Mitragynine=(mitragynine, "%"), **{"7-OH": (oh, "%")})
    if total:
        rows.append(("Total alkaloids", total, "%"))
    verdict = run(catalogue, profile, rows)
    enhanced = [f for f in verdict.flags if "enhanced" in f.explanation]
    assert bool(enhanced) is flagged
    assert profile.enhanced.max_percent == profile.share.max_percent == 2


@pytest.mark.parametrize(
    ("solvent", "value", "expected"),
    [
        # ICH Q3C(R8) / USP <467> Option 1 limits (ppm); R.I. § 21-28.12-3(a)(4).
        ("Ethanol", "5000", FindingStatus.PASS),
        ("Ethanol", "5100", FindingStatus.FAIL),
        ("Methanol", "3001", FindingStatus.FAIL),
        ("n-Hexane", "290", FindingStatus.PASS),
        ("Benzene", "<1", FindingStatus.PASS),
        ("Benzene", "3", FindingStatus.FAIL),
    ],
)
def test_residual_solvents_in_an_extract(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    solvent: str,
    value: str,
    expected: FindingStatus,
) -> None:
    rows = [*COMPLETE, (solvent, value, "ppm")]
    verdict = run(catalogue, profile, rows, category=MicrobialCategory.BOTANICAL_EXTRACT)
    solvent_findings = [f for f in verdict.findings if "USP <467>" in f.rule]
    assert [f.status for f in solvent_findings] == [expected]


def test_an_extract_without_solvent_results_is_incomplete_leaf_is_not(
    catalogue: AnalyteCatalogue, profile: StandardsProfile
) -> None:
    extract = run(catalogue, profile, list(COMPLETE), category=MicrobialCategory.BOTANICAL_EXTRACT)
    missing = [f for f in extract.findings if f.analyte == "Residual solvents"]
    assert [f.status for f in missing] == [FindingStatus.INCOMPLETE]
    assert "21-28.12-3(a)(4)" in missing[0].source
    leaf = run(catalogue, profile, list(COMPLETE))
    assert not [f for f in leaf.findings if f.analyte == "Residual solvents"]


def test_the_reporting_rule_comes_from_the_reference_table(
    catalogue: AnalyteCatalogue, profile: StandardsProfile
) -> None:
    rows = [r for r in COMPLETE if r[0] != "7-OH"]
    verdict = run(catalogue, profile, rows)
    missing = [f for f in verdict.findings if f.status is FindingStatus.INCOMPLETE]
    assert missing
    assert missing[0].rule == profile.alkaloid_reporting.rule
