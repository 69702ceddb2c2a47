"""Residual solvents in kratom extracts: USP <467> limits (ppm), required by Rhode Island for
extracts (R.I. Gen. Laws § 21-28.12-3(a)(4)) and by Kentucky (KRS 217.2202(2)(e)).

The limits are the profile's `concentration` rows on solvent analytes; why extracts must report
them is the profile's `solvent_panel` row. Leaf powder is not extracted with solvents, so a leaf
certificate without solvents is not incomplete; an extract's is.
"""

from __future__ import annotations

from speciosa.domain.labs.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.labs.certificate import Measurement, Measurements
from speciosa.domain.labs.findings import Finding, FindingStatus, Panel, shown_value
from speciosa.domain.labs.profile import (
    Action,
    ConcentrationLimit,
    MicrobialCategory,
    StandardsProfile,
)
from speciosa.domain.labs.units import ValueKind, format_decimal

UNIT = "ppm"


def check_residual_solvents(
    measurements: Measurements,
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    category: MicrobialCategory,
) -> list[Finding]:
    limits = [
        limit
        for limit in profile.concentration
        if limit.analyte in catalogue and catalogue.get(limit.analyte).kind is AnalyteKind.SOLVENT
    ]
    findings = [_judge(m, limit) for limit in limits for m in measurements.of(limit.analyte)]
    reported = any(m.analyte.kind is AnalyteKind.SOLVENT for m in measurements.measured)
    panel_rule = profile.solvent_panel
    if category is MicrobialCategory.BOTANICAL_EXTRACT and not reported and panel_rule:
        findings.append(
            Finding(
                analyte="Residual solvents",
                status=FindingStatus.INCOMPLETE,
                value=None,
                unit=UNIT,
                limit=None,
                rule=panel_rule.rule,
                source=panel_rule.source,
                explanation=(
                    "This is an extract, and the certificate reports no residual solvents, so it "
                    "cannot show the extract is within the USP <467> limits."
                ),
                panel=Panel.RESIDUAL_SOLVENTS,
            )
        )
    return findings


def _judge(m: Measurement, limit: ConcentrationLimit) -> Finding:
    sign = "below" if limit.comparison.value == "lt" else "at most"
    allowed = f"{sign} {format_decimal(limit.limit_ug_per_g)} ppm"
    base = Finding(
        analyte=m.analyte.name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=UNIT,
        limit=limit.limit_ug_per_g,
        rule=limit.citation.rule,
        source=limit.citation.source,
        explanation="",
        panel=Panel.RESIDUAL_SOLVENTS,
    )
    if m.kind is ValueKind.NUMBER and m.value is not None:
        if not limit.exceeded_by(m.value):
            return base.judged(FindingStatus.PASS, f"Within USP <467>: {allowed}.")
        status = FindingStatus.FAIL if limit.action is Action.FAIL else FindingStatus.FLAG
        return base.judged(status, f"Above the USP <467> limit: it must be {allowed}.")
    if m.kind is ValueKind.BELOW and m.value is not None and not limit.exceeded_by(m.value):
        return base.judged(FindingStatus.PASS, f"Below the reporting limit, so {allowed}.")
    return base.judged(
        FindingStatus.INCOMPLETE,
        f"The result cannot show the value is {allowed}: the reporting limit is missing or "
        "too high.",
    )
