"""Golden cases for the interaction rules added in issue 12 (serotonergic antidepressants,
QT-prolonging medicines, loperamide, liver-injuring medicines, the CYP3A opioids), each with
the source its rule cites."""

from __future__ import annotations

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.precautions.interactions import Severity, check_interactions
from speciosa.services.precautions.reference_tables import (
    PrecautionsReference,
    parse_precautions_reference,
)


@pytest.fixture(scope="module")
def ref() -> PrecautionsReference:
    return parse_precautions_reference(load_reference())


@pytest.mark.parametrize(
    ("names", "rule_id", "pair", "severity"),
    [
        # FDA DSC 22 Mar 2016: opioids with serotonergic drugs -> serotonin syndrome.
        (["Zoloft"], "kratom-ssris-snris", ("kratom", "sertraline"), Severity.MODERATE),
        (["Cymbalta"], "kratom-ssris-snris", ("kratom", "duloxetine"), Severity.MODERATE),
        (["Effexor XR"], "kratom-ssris-snris", ("kratom", "venlafaxine"), Severity.MODERATE),
        # Leong Abdullah et al. Clin Toxicol 2021; Dolophine boxed warning (QT).
        (["Dolophine"], "kratom-qt-prolonging", ("kratom", "methadone"), Severity.MAJOR),
        (["Zofran"], "kratom-qt-prolonging", ("kratom", "ondansetron"), Severity.MAJOR),
        (["Celexa"], "kratom-qt-prolonging", ("kratom", "citalopram"), Severity.MAJOR),
        # FDA DSC 28 Mar 2012 (citalopram) and methadone label: two QT drugs together.
        (["citalopram", "methadone"], "qt-prolonging-qt-prolonging", ("citalopram", "methadone"),
         Severity.MAJOR),
        # FDA DSC 7 Jun 2016 (loperamide cardiac harm); mitragynine P-gp inhibition.
        (["Imodium"], "kratom-loperamide", ("kratom", "loperamide"), Severity.MAJOR),
        # LiverTox (NIDDK): kratom and other liver-injuring medicines.
        (["paracetamol"], "kratom-hepatotoxic", ("kratom", "acetaminophen"), Severity.MODERATE),
        (["Depakote"], "kratom-hepatotoxic", ("kratom", "valproate"), Severity.MODERATE),
        # Labels: CYP3A4 inhibitors raise methadone, buprenorphine and hydrocodone levels;
        # Tanna et al. Clin Pharmacol Ther 2023 (kratom raised midazolam AUC 1.39-fold).
        (["methadone"], "kratom-cyp3a-substrates", ("kratom", "methadone"), Severity.MODERATE),
        (["Suboxone"], "kratom-cyp3a-substrates", ("kratom", "buprenorphine"), Severity.MODERATE),
        (["Norco"], "kratom-cyp3a-substrates", ("kratom", "hydrocodone"), Severity.MODERATE),
        # SSRI labels: contraindicated with MAOIs; tramadol label: serotonin syndrome.
        (["sertraline", "Nardil"], "ssris-snris-maois", ("sertraline", "phenelzine"),
         Severity.CONTRAINDICATED),
        (["Ultram", "Prozac"], "tramadol-ssris-snris", ("tramadol", "fluoxetine"), Severity.MAJOR),
    ],
)  # fmt: skip
def test_rule_fires(
    ref: PrecautionsReference,
    names: list[str],
    rule_id: str,
    pair: tuple[str, str],
    severity: Severity,
) -> None:
    result = check_interactions(names, ref.substances, ref.rules)
    assert result.unrecognised == ()
    fired = [
        (i.substance, i.with_, i.severity) for i in result.interactions if i.rule_id == rule_id
    ]
    assert fired == [(*pair, severity)]


@pytest.mark.parametrize(
    ("brand", "generic"),
    [
        ("Zoloft", "sertraline"),
        ("Lexapro", "escitalopram"),
        ("Paxil", "paroxetine"),
        ("Tylenol", "acetaminophen"),
        ("Tylenol 3", "codeine"),  # the codeine combination keeps resolving to codeine
        ("Imodium A-D", "loperamide"),
    ],
)
def test_brand_names_resolve(ref: PrecautionsReference, brand: str, generic: str) -> None:
    found = ref.substances.resolve(brand)
    assert found is not None
    assert found.name == generic


def test_the_qt_rule_cites_the_clinical_ecg_study(ref: PrecautionsReference) -> None:
    rule = next(r for r in ref.rules if r.id == "kratom-qt-prolonging")
    assert "Clin Toxicol (Phila) 2021;59(5):400-408" in rule.source
    assert "hERG" in rule.mechanism
