"""Golden cases per rule, at the published limits (each case cites its source).

USP <2232> Table 1 PDEs (µg/day): inorganic arsenic 15, cadmium 5, lead 5, total mercury 15,
methylmercury 2 — applied as concentration × daily grams. Utah Admin. Code R70-580-5 Table 2 and
R.I. Gen. Laws § 21-28.12-3(a)(6): As < 2, Cd < 0.82, Pb < 1.2, Hg < 0.4 ppm. USP <2023> Table 2,
dried or powdered botanicals: TAMC ≤ 10⁵, yeasts and molds ≤ 10³ CFU/g, Salmonella and E. coli
absent in 10 g. Utah Code § 4-45-104(1)(c) (2019): 7-OH ≤ 2 % of the alkaloid composition.
R.I. Gen. Laws § 21-28.12-3(a)(10)(ii): 7-OH ≤ 0.5 mg/g. DEA notice of intent (Jul 2026):
7-OH ≥ 0.050 % flagged.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from speciosa.domain.sources.analytes import AnalyteCatalogue
from speciosa.domain.sources.certificate import CertificateFormat, RawResult
from speciosa.domain.sources.certificate_building import build_certificate
from speciosa.domain.sources.findings import Finding, FindingStatus, Verdict, VerdictKind
from speciosa.domain.sources.profile import StandardsProfile
from speciosa.domain.sources.verdict import judge_certificate
from tests.unit.domain.sources.conftest import COMPLETE, Judge, replacing


def findings(verdict: Verdict, analyte: str, rule_contains: str) -> list[Finding]:
    return [f for f in verdict.findings if f.analyte == analyte and rule_contains in f.rule]


def status(verdict: Verdict, analyte: str, rule_contains: str) -> FindingStatus:
    found = findings(verdict, analyte, rule_contains)
    assert len(found) == 1, [f.rule for f in verdict.findings if f.analyte == analyte]
    return found[0].status


def test_a_complete_clean_certificate_passes(judge: Judge) -> None:
    verdict = judge(COMPLETE)
    assert verdict.kind is VerdictKind.PASS
    assert not verdict.reasons


# ------------------------------------------------------------------ USP <2232> daily exposure

PDE_CASES = [
    # (analyte, ppm, daily grams, expected) — USP <2232> Table 1
    pytest.param("Lead", "0.5", "10", FindingStatus.PASS, id="lead-5ug-at-10g-exactly-PDE"),
    pytest.param("Lead", "0.51", "10", FindingStatus.FAIL, id="lead-5.1ug-over-PDE-5"),
    pytest.param("Lead", "0.25", "20", FindingStatus.PASS, id="lead-5ug-at-20g"),
    pytest.param("Lead", "0.26", "20", FindingStatus.FAIL, id="lead-5.2ug-at-20g"),
    pytest.param("Cadmium", "0.5", "10", FindingStatus.PASS, id="cadmium-PDE-5"),
    pytest.param("Cadmium", "0.6", "10", FindingStatus.FAIL, id="cadmium-over-PDE-5"),
    pytest.param("Arsenic", "1.5", "10", FindingStatus.PASS, id="arsenic-PDE-15"),
    pytest.param("Arsenic", "1.9", "10", FindingStatus.FAIL, id="arsenic-19ug-over-PDE-15"),
    pytest.param("Mercury", "0.15", "100", FindingStatus.PASS, id="mercury-PDE-15"),
    pytest.param("Mercury", "0.16", "100", FindingStatus.FAIL, id="mercury-over-PDE-15"),
]


@pytest.mark.parametrize(("analyte", "ppm", "grams", "expected"), PDE_CASES)
def test_usp_2232_daily_exposure(
    judge: Judge, analyte: str, ppm: str, grams: str, expected: FindingStatus
) -> None:
    verdict = judge(replacing(**{analyte: (ppm, "ppm")}), grams)
    finding = findings(verdict, analyte, "USP <2232>")[0]
    assert finding.status is expected
    assert finding.unit == "µg/g"
    pde = {"Lead": 5, "Cadmium": 5, "Arsenic": 15, "Mercury": 15}[analyte]
    assert finding.limit == Decimal(pde) / Decimal(grams)
    assert "USP General Chapter <2232>" in finding.source


def test_the_same_lead_passes_at_a_low_daily_amount_and_fails_at_a_high_one(judge: Judge) -> None:
    rows = replacing(Lead=("0.4", "ppm"))
    assert status(judge(rows, "5"), "Lead", "USP <2232>") is FindingStatus.PASS  # 2 µg/day
    assert status(judge(rows, "15"), "Lead", "USP <2232>") is FindingStatus.FAIL  # 6 µg/day


def test_no_daily_amount_uses_the_reference_amount_and_says_so(judge: Judge) -> None:
    verdict = judge(COMPLETE, grams=None)
    assert verdict.daily_grams_assumed
    assert verdict.daily_grams == Decimal(15)


def test_a_reporting_limit_above_the_limit_is_incomplete_not_pass(judge: Judge) -> None:
    verdict = judge(replacing(Lead=("<1", "ppm")), "10")  # bound 10 µg/day > PDE 5
    assert status(verdict, "Lead", "USP <2232>") is FindingStatus.INCOMPLETE
    assert verdict.kind is VerdictKind.INCOMPLETE


def test_not_detected_without_a_detection_limit_cannot_pass(judge: Judge) -> None:
    verdict = judge(replacing(Cadmium=("ND", "ppm")))
    assert status(verdict, "Cadmium", "USP <2232>") is FindingStatus.INCOMPLETE


def test_methylmercury_is_needed_only_when_total_mercury_reaches_its_limit(judge: Judge) -> None:
    # USP <2232>: methylmercury need not be determined when total mercury is below 2 µg/day.
    low = judge(replacing(Mercury=("0.19", "ppm")), "10")  # 1.9 µg/day
    assert not findings(low, "Methylmercury", "USP <2232>")
    high = judge(replacing(Mercury=("0.3", "ppm")), "10")  # 3 µg/day: ≤ 15 but ≥ 2
    assert status(high, "Methylmercury", "USP <2232>") is FindingStatus.INCOMPLETE
    measured = judge([*replacing(Mercury=("0.3", "ppm")), ("MeHg", "0.1", "ppm")], "10")
    assert status(measured, "Methylmercury", "USP <2232>") is FindingStatus.PASS


# ------------------------------------------------------------------ state concentration limits

STATE_CASES = [
    # Utah R70-580-5 Table 2 / R.I. § 21-28.12-3(a)(6): strictly below the limit
    pytest.param("Lead", "1.19", FindingStatus.PASS, id="lead-below-1.2"),
    pytest.param("Lead", "1.2", FindingStatus.FAIL, id="lead-at-1.2-is-not-below"),
    pytest.param("Cadmium", "0.81", FindingStatus.PASS, id="cadmium-below-0.82"),
    pytest.param("Cadmium", "0.82", FindingStatus.FAIL, id="cadmium-at-0.82"),
    pytest.param("Arsenic", "1.99", FindingStatus.PASS, id="arsenic-below-2"),
    pytest.param("Arsenic", "2", FindingStatus.FAIL, id="arsenic-at-2"),
    pytest.param("Mercury", "0.39", FindingStatus.PASS, id="mercury-below-0.4"),
    pytest.param("Mercury", "0.4", FindingStatus.FAIL, id="mercury-at-0.4"),
]


@pytest.mark.parametrize(("analyte", "ppm", "expected"), STATE_CASES)
def test_state_kratom_metal_limits(
    judge: Judge, analyte: str, ppm: str, expected: FindingStatus
) -> None:
    # at 1 g/day the USP exposure is far inside every PDE: only the state rule decides
    verdict = judge(replacing(**{analyte: (ppm, "ppm")}), "1")
    assert status(verdict, analyte, "Utah and Rhode Island") is expected
    assert status(verdict, analyte, "USP <2232>") is FindingStatus.PASS
    assert verdict.kind is (
        VerdictKind.PASS if expected is FindingStatus.PASS else VerdictKind.FAIL
    )


# ------------------------------------------------------------------ USP <2023> microbial

MICROBIAL_CASES = [
    pytest.param("Total aerobic count", "100000", FindingStatus.PASS, id="TAMC-NMT-10^5"),
    pytest.param("Total aerobic count", "100001", FindingStatus.FAIL, id="TAMC-over-10^5"),
    pytest.param("Total aerobic count", "1.5e5", FindingStatus.FAIL, id="TAMC-1.5e5"),
    pytest.param("Yeast and mould", "1000", FindingStatus.PASS, id="TYMC-NMT-10^3"),
    pytest.param("Yeast and mould", "1001", FindingStatus.FAIL, id="TYMC-over-10^3"),
    pytest.param("Yeast and mould", "<10000", FindingStatus.INCOMPLETE, id="TYMC-bound-too-high"),
]


@pytest.mark.parametrize(("analyte", "value", "expected"), MICROBIAL_CASES)
def test_usp_2023_counts(judge: Judge, analyte: str, value: str, expected: FindingStatus) -> None:
    verdict = judge(replacing(**{analyte: (value, "CFU/g")}))
    name = {"Total aerobic count": "Total aerobic microbial count"}.get(analyte, "Yeast and mould")
    assert status(verdict, name, "USP <2023>") is expected


PATHOGEN_CASES = [
    # USP <2023> Table 2: absence of Salmonella spp. and E. coli in 10 g
    pytest.param("absent in 25 g", "", FindingStatus.PASS, id="absent-25g-covers-10g"),
    pytest.param("absent", "per 10 g", FindingStatus.PASS, id="absent-10g"),
    pytest.param("absent in 1 g", "", FindingStatus.INCOMPLETE, id="absent-1g-too-small"),
    pytest.param("negative", "", FindingStatus.INCOMPLETE, id="no-sample-mass"),
    pytest.param("present in 25 g", "", FindingStatus.FAIL, id="present"),
    pytest.param("<10", "CFU/g", FindingStatus.INCOMPLETE, id="count-is-not-absence"),
    pytest.param("20", "CFU/g", FindingStatus.FAIL, id="count-above-zero-is-presence"),
    pytest.param("ND", "per g", FindingStatus.INCOMPLETE, id="nd-per-g-is-1g-not-unknown-unit"),
    pytest.param("ND per g", "", FindingStatus.INCOMPLETE, id="nd-per-g-in-the-value"),
    pytest.param("Detected", "per g", FindingStatus.FAIL, id="detected-in-1g"),
    # "Absent" / "Not Detected" / "ND" printed beside CFU/g: absent, in a mass not stated
    pytest.param("Absent", "CFU/g", FindingStatus.INCOMPLETE, id="absent-cfu-no-mass"),
    pytest.param("Not Detected", "CFU/g", FindingStatus.INCOMPLETE, id="not-detected-cfu"),
    pytest.param("ND", "CFU/g", FindingStatus.INCOMPLETE, id="nd-cfu"),
    pytest.param("Absent in 25 g", "CFU/g", FindingStatus.PASS, id="absent-25g-cfu"),
    pytest.param("Absent in 1 g", "CFU/g", FindingStatus.INCOMPLETE, id="absent-1g-cfu"),
]


def test_nd_per_gram_says_what_was_tested_against_what_the_rule_asks(judge: Judge) -> None:
    # USP <2023> Table 2 (dried botanicals): E. coli absent in 10 g; "ND per g" tested 1 g.
    verdict = judge(replacing(**{"E. coli": ("ND", "per g")}))
    [finding] = [f for f in verdict.findings if f.analyte == "Escherichia coli"]
    assert finding.status is FindingStatus.INCOMPLETE
    assert finding.value == "absent in 1 g"
    assert "tested 1 g" in finding.explanation
    assert "absent in 10 g" in finding.explanation
    assert not [f for f in verdict.findings if f.status is FindingStatus.UNKNOWN_UNIT]
    assert verdict.kind.value == "incomplete"


@pytest.mark.parametrize(("value", "unit", "expected"), PATHOGEN_CASES)
def test_usp_2023_pathogens_absent_in_10_g(
    judge: Judge, value: str, unit: str, expected: FindingStatus
) -> None:
    verdict = judge(replacing(Salmonella=(value, unit)))
    assert status(verdict, "Salmonella", "USP <2023>") is expected


# ------------------------------------------------------------------ alkaloids


def test_7oh_share_uses_total_alkaloids_when_reported(judge: Judge) -> None:
    # Utah Code § 4-45-104(1)(c) (2019): not more than 2 % of the alkaloid composition
    at_limit = judge([*replacing(**{"7-OH": ("0.02", "%")}), ("Total alkaloids", "1.0", "%")])
    assert status(at_limit, "7-hydroxymitragynine", "2 % of the alkaloid") is FindingStatus.PASS
    over = judge([*replacing(**{"7-OH": ("0.03", "%")}), ("Total alkaloids", "1.0", "%")])
    assert status(over, "7-hydroxymitragynine", "2 % of the alkaloid") is FindingStatus.FAIL


def test_7oh_share_without_total_alkaloids_is_an_upper_bound(judge: Judge) -> None:
    # 0.04 / (0.5 + 0.04) = 7.4 % of the alkaloids reported: cannot be shown to comply
    verdict = judge(replacing(Mitragynine=("0.5", "%"), **{"7-OH": ("0.04", "%")}))
    assert status(verdict, "7-hydroxymitragynine", "2 % of the alkaloid") is (
        FindingStatus.INCOMPLETE
    )


@pytest.mark.parametrize(
    ("percent", "rhode_island", "federal"),
    [
        pytest.param("0.049", FindingStatus.PASS, FindingStatus.PASS, id="below-both"),
        pytest.param("0.05", FindingStatus.PASS, FindingStatus.FLAG, id="at-0.050-flagged"),
        pytest.param("0.051", FindingStatus.FAIL, FindingStatus.FLAG, id="over-0.5-mg-per-g"),
    ],
)
def test_7oh_concentration_rhode_island_and_federal_threshold(
    judge: Judge, percent: str, rhode_island: FindingStatus, federal: FindingStatus
) -> None:
    rows = [*replacing(**{"7-OH": (percent, "%")}), ("Total alkaloids", "10", "%")]
    verdict = judge(rows)
    assert status(verdict, "7-hydroxymitragynine", "Rhode Island") is rhode_island
    assert status(verdict, "7-hydroxymitragynine", "Federal 7-OH") is federal


def test_an_enhanced_profile_is_flagged_and_fails_the_share_rule(judge: Judge) -> None:
    # Enhanced products: 22–75 mg/g 7-OH against 2–6 mg/g mitragynine (Brown PN et al. J AOAC Int
    # 2025, as reported; the paper itself was not opened)
    rows = [
        *replacing(Mitragynine=("4", "mg/g"), **{"7-OH": ("40", "mg/g")}),
        ("Total alkaloids", "5", "%"),
    ]
    verdict = judge(rows)
    assert any(
        f.status is FindingStatus.FLAG and "enhanced" in f.explanation for f in verdict.flags
    )
    assert verdict.kind is VerdictKind.FAIL


def test_a_synthetic_derivative_fails(judge: Judge) -> None:
    # R.I. § 21-28.12-3(a)(5); Utah Code § 4-45-104(1)(d): no synthetic alkaloids
    found = judge([*COMPLETE, ("MGM-15", "0.3", "%")])
    assert found.kind is VerdictKind.FAIL
    absent = judge([*COMPLETE, ("Mitragynine pseudoindoxyl", "ND", "%")])
    assert absent.kind is VerdictKind.PASS


# ------------------------------------------------------------------ incomplete and unknown


def test_a_missing_heavy_metal_panel_is_incomplete_and_says_what_is_missing(judge: Judge) -> None:
    verdict = judge([r for r in COMPLETE if r[0] not in ("Lead", "Arsenic", "Cadmium", "Mercury")])
    assert verdict.kind is VerdictKind.INCOMPLETE
    missing = {f.analyte for f in verdict.reasons if "not on the certificate" in f.explanation}
    assert missing == {"Lead", "Arsenic", "Cadmium", "Mercury"}


def test_a_missing_microbial_panel_is_incomplete(judge: Judge) -> None:
    verdict = judge(COMPLETE[:4] + COMPLETE[8:])
    assert verdict.kind is VerdictKind.INCOMPLETE
    missing = {f.analyte for f in verdict.reasons}
    assert missing == {
        "Total aerobic microbial count",
        "Yeast and mould",
        "Salmonella",
        "Escherichia coli",
    }


def test_one_missing_pathogen_is_incomplete(judge: Judge) -> None:
    verdict = judge([r for r in COMPLETE if r[0] != "E. coli"])
    assert verdict.kind is VerdictKind.INCOMPLETE
    assert [f.analyte for f in verdict.reasons] == ["Escherichia coli"]


def test_a_failure_outranks_incomplete(judge: Judge) -> None:
    rows = [r for r in replacing(Lead=("2", "ppm")) if r[0] != "E. coli"]
    assert judge(rows).kind is VerdictKind.FAIL


def test_an_unknown_unit_is_named_and_the_verdict_is_not_pass(judge: Judge) -> None:
    verdict = judge(replacing(Lead=("0.1", "mg per serving")))
    assert verdict.kind is VerdictKind.INCOMPLETE
    unknown = [f for f in verdict.findings if f.status is FindingStatus.UNKNOWN_UNIT]
    assert [(f.analyte, f.unit) for f in unknown] == [("Lead", "mg per serving")]
    assert "mg per serving" in unknown[0].explanation


def test_an_unknown_analyte_is_reported_by_name_not_dropped(judge: Judge) -> None:
    verdict = judge([*COMPLETE, ("Frobnium", "3", "ppm")])
    assert verdict.kind is VerdictKind.PASS
    assert [f.analyte for f in verdict.findings if f.status is FindingStatus.UNKNOWN_ANALYTE] == [
        "Frobnium"
    ]


def test_an_unreadable_value_is_named_and_blocks_pass(judge: Judge) -> None:
    verdict = judge(replacing(Cadmium=("Pass", "ppm")))
    assert verdict.kind is VerdictKind.INCOMPLETE
    assert any(
        f.status is FindingStatus.UNREADABLE and f.analyte == "Cadmium" for f in verdict.findings
    )


ABSENCE_BESIDE_A_PRINTED_LIMIT = [
    # (value, unit, printed limit, status, words the explanation must hold)
    ("Not Detected", "", "Not Detected in 1g", FindingStatus.INCOMPLETE, ("tested 1 g", "10 g")),
    ("ND", "CFU/g", "Any amt in 1 gram", FindingStatus.INCOMPLETE, ("tested 1 g", "printed")),
    ("Not Detected", "", "Detection in 1.0 g", FindingStatus.INCOMPLETE, ("tested 1 g",)),
    ("Absent", "CFU/g", "Absent in 25 g", FindingStatus.PASS, ("Absent in 25 g", "printed")),
    ("Absent", "CFU/g", None, FindingStatus.INCOMPLETE, ("not stated", "how many grams")),
    ("Absent", "CFU/g", "1", FindingStatus.INCOMPLETE, ("not stated",)),  # "1" is no mass
]


@pytest.mark.parametrize(
    ("value", "unit", "limit", "expected", "words"), ABSENCE_BESIDE_A_PRINTED_LIMIT
)
def test_absence_says_what_was_tested_against_what_the_rule_asks(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    value: str,
    unit: str,
    limit: str | None,
    expected: FindingStatus,
    words: tuple[str, ...],
) -> None:
    """USP <2023> Table 2: E. coli absent in 10 g. A lab printing "Not Detected in 1g" as its
    limit tested 1 g; with no mass anywhere the person is told to ask how many grams."""
    rows = [RawResult(a, v, u, i) for i, (a, v, u) in enumerate(COMPLETE, start=1)]
    rows = [r for r in rows if r.analyte != "E. coli"]
    rows.append(RawResult("E. coli", value, unit, 99, printed_limit=limit))
    cert = build_certificate(
        lab="Lab", product="P", batch="B", tested_on=None, results=rows,
        source_format=CertificateFormat.CSV,
    )  # fmt: skip
    verdict = judge_certificate(cert, catalogue, profile, daily_grams=Decimal("10"))
    [finding] = [f for f in verdict.findings if f.analyte == "Escherichia coli"]
    assert finding.status is expected, finding.explanation
    for word in words:
        assert word in finding.explanation, finding.explanation


def test_a_stec_result_does_not_answer_the_e_coli_rule(judge: Judge) -> None:
    """A STEC-only test, however clean, leaves USP <2023>'s E. coli rule incomplete."""
    rows = [r for r in COMPLETE if r[0] != "E. coli"] + [("STEC", "absent in 25 g", "")]
    verdict = judge(rows)
    assert status(verdict, "Escherichia coli", "USP <2023>") is FindingStatus.INCOMPLETE
    [stec] = [f for f in verdict.findings if f.analyte.startswith("Shiga toxin")]
    assert stec.status is FindingStatus.INFO
    [e_coli] = [f for f in verdict.findings if f.analyte == "Escherichia coli"]
    assert "it reports Shiga toxin-producing E. coli (STEC)" in e_coli.explanation
    assert "cannot show that all Escherichia coli is absent" in e_coli.explanation


@pytest.mark.parametrize(
    ("lead", "printed", "flagged"),
    [
        ("0.1", "FAIL", True),  # the lab fails a value the rules pass: misread, or its own limit
        ("0.1", "Failed", True),
        ("0.1", "PASS", False),
        ("0.1", None, False),
        ("50", "FAIL", False),  # the rules fail it too: nothing more to say
    ],
)
def test_a_fail_the_lab_printed_is_never_lost(
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    lead: str,
    printed: str | None,
    flagged: bool,
) -> None:
    rows = [RawResult(a, v, u, i) for i, (a, v, u) in enumerate(COMPLETE, start=1) if a != "Lead"]
    rows.append(RawResult("Lead", lead, "ppm", 99, printed_status=printed, printed_limit="0.05"))
    cert = build_certificate(
        lab="Lab", product="P", batch="B", tested_on=None, results=rows,
        source_format=CertificateFormat.CSV,
    )  # fmt: skip
    verdict = judge_certificate(cert, catalogue, profile, daily_grams=Decimal("10"))
    flags = [f for f in verdict.flags if f.rule == "the lab's own pass/fail, as printed"]
    assert bool(flags) is flagged
    if flagged:
        assert "The lab printed" in flags[0].explanation
        assert "its limit: 0.05" in flags[0].explanation
        assert verdict.kind is VerdictKind.PASS  # the rules decide; the flag is shown with it
