"""Alkaloids: the 7-OH share rule of the state kratom acts, the federal 7-OH threshold, enhanced
and synthetic profiles, and the alkaloid content a dose is converted with.

- 7-hydroxymitragynine must not exceed 2 % of the alkaloid composition. The share is computed
  against total alkaloids when the certificate reports them; otherwise against the sum of the
  alkaloids it does report — an upper bound of the true share, so a pass is certain and an
  excess without total alkaloids is `incomplete`, not a guessed fail.
- Concentration limits and thresholds on 7-OH (a state limit; the federal threshold, a flag)
  come from the profile's `concentration` rows.
- 7-OH above the published share ceiling (`enhanced_share`, the same 2 % of the alkaloid
  composition as the share rule) is also flagged as an "enhanced" profile that does not occur in
  leaf — not only when 7-OH exceeds mitragynine; a lab-made derivative fails the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Measurement, Measurements
from speciosa.domain.sources.findings import Finding, FindingStatus, Panel, shown_value
from speciosa.domain.sources.profile import Action, Citation, ConcentrationLimit, StandardsProfile
from speciosa.domain.sources.units import PERCENT, ValueKind, format_decimal

MITRAGYNINE = "mitragynine"
HYDROXYMITRAGYNINE = "hydroxymitragynine"
TOTAL_ALKALOIDS = "total_alkaloids"
MG_PER_GRAM_PER_PERCENT = 10  # 1 % w/w = 10 mg per gram of product


@dataclass(frozen=True)
class AlkaloidContent:
    """Alkaloids as a percentage of the product's weight (w/w), from one certificate."""

    mitragynine_pct: Decimal | None
    hydroxymitragynine_pct: Decimal | None


def alkaloid_mg(grams: Decimal, percent: Decimal) -> Decimal:
    """Milligrams of an alkaloid in `grams` of product: grams × percent × 10."""
    return grams * percent * MG_PER_GRAM_PER_PERCENT


def alkaloid_content(measurements: Measurements) -> AlkaloidContent:
    def percent(key: str) -> Decimal | None:
        numbers = [m.value for m in measurements.of(key) if m.kind is ValueKind.NUMBER]
        return numbers[0] if len(numbers) == 1 else None  # two different values: no guess

    return AlkaloidContent(percent(MITRAGYNINE), percent(HYDROXYMITRAGYNINE))


def check_alkaloids(
    measurements: Measurements, catalogue: AnalyteCatalogue, profile: StandardsProfile
) -> list[Finding]:
    findings: list[Finding] = []
    reported = measurements.keys()
    for key in (MITRAGYNINE, HYDROXYMITRAGYNINE):
        if key not in reported:
            name = catalogue.get(key).name if key in catalogue else key
            findings.append(_missing(name, profile.alkaloid_reporting))
    for m in measurements.of(MITRAGYNINE) + measurements.of(TOTAL_ALKALOIDS):
        findings.append(_info(m, "reported; used for alkaloid milligrams per dose").read_from(m))
    findings.extend(_share(measurements, profile))
    for limit in profile.concentration:
        if limit.analyte in catalogue and catalogue.get(limit.analyte).kind is AnalyteKind.ALKALOID:
            findings.extend(
                _concentration(m, limit).read_from(m) for m in measurements.of(limit.analyte)
            )
    findings.extend(_enhanced(measurements, profile))
    for m in measurements.measured:
        if m.analyte.kind is not AnalyteKind.ALKALOID:
            continue
        if m.analyte.synthetic:
            findings.append(_synthetic(m, profile).read_from(m))
        elif m.analyte.key not in (MITRAGYNINE, HYDROXYMITRAGYNINE, TOTAL_ALKALOIDS):
            findings.append(_info(m, "reported; counted in the alkaloid composition").read_from(m))
    return findings


def _missing(name: str, rule: Citation) -> Finding:
    return Finding(
        analyte=name,
        status=FindingStatus.INCOMPLETE,
        value=None,
        unit=PERCENT.symbol,
        limit=None,
        rule=rule.rule,
        source=rule.source,
        explanation=(
            f"{name} is not on the certificate, so the 7-OH rules cannot be checked and a dose "
            "cannot be shown in alkaloid milligrams."
        ),
        panel=Panel.ALKALOIDS,
    )


def _info(m: Measurement, rule: str) -> Finding:
    return Finding(
        analyte=m.analyte.name,
        status=FindingStatus.INFO,
        value=shown_value(m),
        unit=m.unit,
        limit=None,
        rule=rule,
        source="",
        explanation=f"{m.analyte.name}: {shown_value_text(m)} of the product's weight.",
        panel=Panel.ALKALOIDS,
    )


def shown_value_text(m: Measurement) -> str:
    value = shown_value(m)
    return f"{format_decimal(value)} %" if isinstance(value, Decimal) else str(value)


def _alkaloid_whole(measurements: Measurements) -> tuple[Decimal, bool]:
    """(denominator, exact): total alkaloids when reported, else the sum of those reported."""
    totals = [m.value for m in measurements.of(TOTAL_ALKALOIDS) if m.kind is ValueKind.NUMBER]
    if len(totals) == 1 and totals[0] is not None:
        return totals[0], True
    parts = [
        m.value
        for m in measurements.measured
        if m.analyte.kind is AnalyteKind.ALKALOID
        and m.analyte.key != TOTAL_ALKALOIDS
        and m.kind is ValueKind.NUMBER
        and m.value is not None
    ]
    return sum(parts, Decimal(0)), False


def _share(measurements: Measurements, profile: StandardsProfile) -> list[Finding]:
    rule = profile.share
    denominator, exact = _alkaloid_whole(measurements)
    limit = format_decimal(rule.max_percent)
    findings = []
    for m in measurements.of(rule.analyte):
        if m.value is None:
            continue  # "not detected" without a bound: the missing-value finding covers it
        base = Finding(
            analyte=m.analyte.name,
            status=FindingStatus.PASS,
            value=None,
            unit="% of alkaloids",
            limit=rule.max_percent,
            rule=rule.citation.rule,
            source=rule.citation.source,
            explanation="",
            panel=Panel.ALKALOIDS,
        ).read_from(m)
        # A bound ("<0.01") is not in the sum of measured parts; count it as if it were.
        whole = denominator + (m.value if m.kind is ValueKind.BELOW and not exact else 0)
        if whole <= 0:
            findings.append(
                base.judged(FindingStatus.INCOMPLETE, "No alkaloid amounts to compare 7-OH with.")
            )
            continue
        share = m.value / whole * 100
        base = replace(base, value=share.quantize(Decimal("0.01")))
        share_text = f"{'at most ' if m.kind is ValueKind.BELOW else ''}{share:.2f} %"
        if share <= rule.max_percent:
            of_what = "total alkaloids" if exact else "the alkaloids reported"
            text = f"7-OH is {share_text} of {of_what}, within {limit} %."
            findings.append(base.judged(FindingStatus.PASS, text))
        elif exact and m.kind is ValueKind.NUMBER:
            text = f"7-OH is {share_text} of total alkaloids, more than {limit} %."
            findings.append(base.judged(FindingStatus.FAIL, text))
        else:
            text = (
                f"7-OH is {share_text} of the alkaloids reported; without total alkaloids the "
                f"certificate cannot show it is within {limit} % of the alkaloid composition."
            )
            findings.append(base.judged(FindingStatus.INCOMPLETE, text))
    return findings


def _concentration(m: Measurement, limit: ConcentrationLimit) -> Finding:
    threshold = limit.limit_ug_per_g / PERCENT.factor
    sign = "below" if limit.comparison.value == "lt" else "at most"
    base = Finding(
        analyte=m.analyte.name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=PERCENT.symbol,
        limit=threshold,
        rule=limit.citation.rule,
        source=limit.citation.source,
        explanation="",
        panel=Panel.ALKALOIDS,
    )
    allowed = f"{sign} {format_decimal(threshold)} % w/w"
    value = None if m.value is None else m.value * PERCENT.factor
    if m.kind is ValueKind.NUMBER and value is not None:
        if not limit.exceeded_by(value):
            return base.judged(FindingStatus.PASS, f"{allowed}: met.")
        status = FindingStatus.FAIL if limit.action is Action.FAIL else FindingStatus.FLAG
        verb = "must be" if limit.action is Action.FAIL else "is flagged unless"
        note = f" {limit.citation.note}" if limit.citation.note else ""
        return base.judged(status, f"{m.analyte.name} {verb} {allowed}.{note}")
    if m.kind is ValueKind.BELOW and value is not None and not limit.exceeded_by(value):
        return base.judged(FindingStatus.PASS, f"Below the reporting limit, so {allowed}.")
    status = FindingStatus.INCOMPLETE if limit.action is Action.FAIL else FindingStatus.INFO
    return base.judged(status, f"The result cannot show the value is {allowed}.")


def _enhanced(measurements: Measurements, profile: StandardsProfile) -> list[Finding]:
    """Flag 7-OH above the published share ceiling (KCPA: 2 % of the alkaloid composition)."""
    rule = profile.enhanced
    oh = [m.value for m in measurements.of(rule.analyte) if m.kind is ValueKind.NUMBER]
    mg = [m.value for m in measurements.of(MITRAGYNINE) if m.kind is ValueKind.NUMBER]
    if len(oh) != 1 or oh[0] is None or oh[0] <= 0 or len(mg) > 1:
        return []
    share: Decimal | None = None
    limit = format_decimal(rule.max_percent)
    if mg and mg[0] is not None and mg[0] > 0:
        whole, exact = _alkaloid_whole(measurements)
        if whole <= 0:
            return []  # a zero total (a lab's "Total alkaloids: 0") leaves no share to judge
        share = oh[0] / whole * 100
        if share <= rule.max_percent:
            return []
        of_what = "of total alkaloids" if exact else "of the alkaloids reported"
        what = f"7-OH is {share:.2f} % {of_what}, above the {limit} % found in natural leaf"
    else:
        what = "7-OH is present while no mitragynine is measured"
    return [
        Finding(
            analyte="7-OH share (enhanced profile)",
            status=FindingStatus.FLAG,
            value=None if share is None else share.quantize(Decimal("0.01")),
            unit="% of alkaloids",
            limit=rule.max_percent,
            rule=rule.citation.rule,
            source=rule.citation.source,
            explanation=(
                f"{what}: an 'enhanced' profile that does not occur in kratom leaf. Talk to your "
                "clinician before taking it."
            ),
            panel=Panel.ALKALOIDS,
        )
    ]


def _synthetic(m: Measurement, profile: StandardsProfile) -> Finding:
    found = m.kind is ValueKind.PRESENT or (
        m.kind is ValueKind.NUMBER and m.value is not None and m.value > 0
    )
    base = Finding(
        analyte=m.analyte.name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=m.unit,
        limit=Decimal(0),
        rule=profile.synthetic.rule,
        source=profile.synthetic.source,
        explanation="",
        panel=Panel.ALKALOIDS,
    )
    if found:
        return base.judged(
            FindingStatus.FAIL,
            f"{m.analyte.name} is a lab-made derivative that does not occur in kratom leaf; "
            "kratom rules forbid synthetic alkaloids.",
        )
    return base.judged(FindingStatus.PASS, f"{m.analyte.name} was not found.")
