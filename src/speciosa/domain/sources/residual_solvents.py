"""Residual solvents in kratom extracts: USP <467> limits (ppm), required by Rhode Island for
extracts (R.I. Gen. Laws § 21-28.12-3(a)(4)) and by Kentucky (KRS 217.2202(2)(e)).

The limits are the profile's `concentration` rows on solvent analytes; why extracts must report
them is the profile's `solvent_panel` row. Leaf powder is not extracted with solvents, so a leaf
certificate without solvents is not incomplete; an extract's is.
"""

from __future__ import annotations

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Measurement, Measurements
from speciosa.domain.sources.findings import Finding, FindingStatus, Panel
from speciosa.domain.sources.heavy_metals import concentration_finding
from speciosa.domain.sources.profile import (
    ConcentrationLimit,
    MicrobialCategory,
    StandardsProfile,
)

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
    return concentration_finding(
        m,
        limit,
        analyte=m.analyte.name,
        unit=UNIT,
        panel=Panel.RESIDUAL_SOLVENTS,
        allowed_unit="ppm",
        within="USP <467>",
        above="the USP <467> limit",
    )
