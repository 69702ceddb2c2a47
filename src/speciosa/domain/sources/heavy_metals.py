"""Elemental contaminants: USP <2232> daily exposure, and state concentration limits beside it.

USP <2232> limits what a person swallows per day (the permitted daily exposure, PDE, µg/day):
concentration (µg/g) × the maximum grams taken per day must not exceed the PDE — equivalently,
the concentration must not exceed PDE ÷ daily grams, which is the limit each finding shows.
State kratom rules (Utah, Rhode Island) set concentration limits regardless of the amount taken;
both are reported, each as its own finding.

Two USP provisions are applied as written: arsenic measured without speciation is counted as
inorganic (a total above the limit fails until a speciation test shows otherwise), and
methylmercury need not be tested when total mercury is below the methylmercury limit.
"""

from __future__ import annotations

from decimal import Decimal

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Measurement, Measurements
from speciosa.domain.sources.findings import Finding, FindingStatus, Panel, shown_value
from speciosa.domain.sources.profile import (
    Action,
    ConcentrationLimit,
    DailyExposureLimit,
    StandardsProfile,
)
from speciosa.domain.sources.units import ValueKind, format_decimal

UNIT = "µg/g"


def check_heavy_metals(
    measurements: Measurements,
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    daily_grams: Decimal,
) -> list[Finding]:
    findings: list[Finding] = []
    reported = measurements.keys()
    for pde in profile.daily_exposure:
        name = _name(catalogue, pde.analyte)
        if pde.analyte == "methylmercury" and not measurements.of("methylmercury"):
            findings.extend(_methylmercury_from_total(measurements, pde, daily_grams, name))
            continue
        if pde.analyte not in reported:
            findings.append(_missing(name, pde, daily_grams))
            continue
        findings.extend(
            _daily(m, pde, daily_grams, name).read_from(m) for m in measurements.of(pde.analyte)
        )
    for limit in profile.concentration:
        if limit.analyte in catalogue and catalogue.get(limit.analyte).kind is AnalyteKind.METAL:
            name = _name(catalogue, limit.analyte)
            findings.extend(
                _concentration(m, limit, name).read_from(m) for m in measurements.of(limit.analyte)
            )
    judged = {p.analyte for p in profile.daily_exposure}
    for m in measurements.measured:
        if m.analyte.kind is AnalyteKind.METAL and m.analyte.key not in judged:
            findings.append(_info(m).read_from(m))
    return findings


def _name(catalogue: AnalyteCatalogue, key: str) -> str:
    return catalogue.get(key).name if key in catalogue else key


def _pde_rule(pde: DailyExposureLimit, grams: Decimal) -> str:
    return (
        f"{pde.citation.rule}: {format_decimal(pde.pde_ug_per_day)} µg/day at "
        f"{format_decimal(grams)} g/day"
    )


def _missing(name: str, pde: DailyExposureLimit, grams: Decimal) -> Finding:
    return Finding(
        analyte=name,
        status=FindingStatus.INCOMPLETE,
        value=None,
        unit=UNIT,
        limit=pde.pde_ug_per_day / grams,
        rule=_pde_rule(pde, grams),
        source=pde.citation.source,
        explanation=f"{name} is not on the certificate: the heavy-metal panel is incomplete.",
        panel=Panel.HEAVY_METALS,
    )


def _daily(m: Measurement, pde: DailyExposureLimit, grams: Decimal, name: str) -> Finding:
    limit = pde.pde_ug_per_day / grams
    base = Finding(
        analyte=name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=UNIT,
        limit=limit,
        rule=_pde_rule(pde, grams),
        source=pde.citation.source,
        explanation="",
        panel=Panel.HEAVY_METALS,
    )
    per_day = f"{format_decimal(pde.pde_ug_per_day)} µg a day"
    if m.kind is ValueKind.NUMBER and m.value is not None:
        exposure = m.value * grams
        text = (
            f"{format_decimal(m.value)} µg/g × {format_decimal(grams)} g/day = "
            f"{format_decimal(exposure)} µg/day"
        )
        if exposure <= pde.pde_ug_per_day:
            return base.judged(FindingStatus.PASS, f"{text}, within the {per_day} allowed.")
        extra = (
            " Measured as total arsenic, all of it counts as inorganic unless a speciation test "
            "shows otherwise."
            if pde.analyte == "arsenic"
            else ""
        )
        return base.judged(FindingStatus.FAIL, f"{text}, more than the {per_day} allowed.{extra}")
    if m.kind is ValueKind.BELOW and m.value is not None:
        if m.value * grams <= pde.pde_ug_per_day:
            return base.judged(
                FindingStatus.PASS,
                f"Below the lab's reporting limit of {format_decimal(m.value)} µg/g, which is "
                f"within {per_day} at {format_decimal(grams)} g/day.",
            )
        return base.judged(
            FindingStatus.INCOMPLETE,
            f"The lab's reporting limit ({format_decimal(m.value)} µg/g) is above the "
            f"{format_decimal(limit)} µg/g allowed at {format_decimal(grams)} g/day, so the "
            "result cannot show the limit is met.",
        )
    return base.judged(
        FindingStatus.INCOMPLETE,
        "Reported as not detected without the detection limit, so it cannot be compared with "
        "the limit. Ask the lab for the limit of quantitation.",
    )


def _methylmercury_from_total(
    measurements: Measurements, pde: DailyExposureLimit, grams: Decimal, name: str
) -> list[Finding]:
    totals = [m for m in measurements.of("mercury") if m.value is not None]
    if not totals:
        return []  # no total mercury either: the mercury finding already says so
    worst = max(m.value for m in totals if m.value is not None)
    if worst * grams < pde.pde_ug_per_day:
        return []  # USP <2232>: not necessary when total mercury is below the MeHg limit
    return [
        Finding(
            analyte=name,
            status=FindingStatus.INCOMPLETE,
            value=None,
            unit=UNIT,
            limit=pde.pde_ug_per_day / grams,
            rule=_pde_rule(pde, grams),
            source=pde.citation.source,
            explanation=(
                f"Total mercury gives {format_decimal(worst * grams)} µg/day, not below the "
                f"{format_decimal(pde.pde_ug_per_day)} µg/day allowed for methylmercury, so USP "
                "asks for a methylmercury result, which the certificate does not have."
            ),
            panel=Panel.HEAVY_METALS,
        )
    ]


def _concentration(m: Measurement, limit: ConcentrationLimit, name: str) -> Finding:
    return concentration_finding(
        m,
        limit,
        analyte=name,
        unit=UNIT,
        panel=Panel.HEAVY_METALS,
        allowed_unit="µg/g (ppm)",
        within="the state limit",
        above="the state limit",
    )


def concentration_finding(
    m: Measurement,
    limit: ConcentrationLimit,
    *,
    analyte: str,
    unit: str,
    panel: Panel,
    allowed_unit: str,
    within: str,
    above: str,
) -> Finding:
    """A concentration (µg/g, the same number as ppm) judged against its limit: a pass, a fail
    or flag as the limit's action says, or incomplete where the result cannot show it is within
    (no reporting limit, or one too high). `within` and `above` name the limit in the
    explanation: "Within {within}: …", "Above {above}: it must be …"."""
    sign = "below" if limit.comparison.value == "lt" else "at most"
    base = Finding(
        analyte=analyte,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=unit,
        limit=limit.limit_ug_per_g,
        rule=limit.citation.rule,
        source=limit.citation.source,
        explanation="",
        panel=panel,
    )
    allowed = f"{sign} {format_decimal(limit.limit_ug_per_g)} {allowed_unit}"
    if m.kind is ValueKind.NUMBER and m.value is not None:
        if not limit.exceeded_by(m.value):
            return base.judged(FindingStatus.PASS, f"Within {within}: {allowed}.")
        status = FindingStatus.FAIL if limit.action is Action.FAIL else FindingStatus.FLAG
        return base.judged(status, f"Above {above}: it must be {allowed}.")
    if m.kind is ValueKind.BELOW and m.value is not None and not limit.exceeded_by(m.value):
        return base.judged(FindingStatus.PASS, f"Below the reporting limit, so {allowed}.")
    return base.judged(
        FindingStatus.INCOMPLETE,
        f"The result cannot show the value is {allowed}: the reporting limit is missing or "
        "too high.",
    )


def _info(m: Measurement) -> Finding:
    return Finding(
        analyte=m.analyte.name,
        status=FindingStatus.INFO,
        value=shown_value(m),
        unit=UNIT,
        limit=None,
        rule="reported; no limit in this standards profile",
        source="",
        explanation=f"{m.analyte.name} is shown as reported; Speciosa has no sourced limit for it.",
        panel=Panel.HEAVY_METALS,
    )
