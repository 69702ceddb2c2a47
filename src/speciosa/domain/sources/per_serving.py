"""Per-serving (per-unit) alkaloid limits: milligrams in one serving or unit, not a percentage.

- Federal: the DEA's July 2026 notice of intent covers extracts, edibles and pills with more
  than 1.00 mg 7-OH per unit (a flag: a notice, not a final order when checked).
- Georgia (O.C.G.A. § 16-13-122) and Rhode Island (R.I. Gen. Laws § 21-28.12-3(a)(10)): not more
  than 1 mg 7-OH and 150 mg mitragynine per serving.

mg per serving = serving grams × % w/w × 10. Without the serving size the limits cannot be
applied; that is said once, never silently skipped.
"""

from __future__ import annotations

from decimal import Decimal

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.alkaloids import alkaloid_mg
from speciosa.domain.sources.certificate import Measurements
from speciosa.domain.sources.findings import MAX_DAILY_GRAMS, Finding, FindingStatus, Panel
from speciosa.domain.sources.profile import Action, ServingLimit
from speciosa.domain.sources.units import ValueKind, format_decimal


def check_serving_grams(value: float | None, field: str = "serving_grams") -> Decimal | None:
    """A stated serving size must be a positive number of grams (None = not stated)."""
    if value is None:
        return None
    grams = Decimal(str(value))
    if not grams.is_finite() or not 0 < grams <= MAX_DAILY_GRAMS:
        raise InvalidInput(
            f"The serving size must be more than 0 and at most {MAX_DAILY_GRAMS} grams, "
            f"got {value}.",
            field=field,
        )
    return grams


def check_per_serving(
    measurements: Measurements, limits: tuple[ServingLimit, ...], serving_grams: Decimal | None
) -> list[Finding]:
    applicable = [
        (limit, m)
        for limit in limits
        for m in measurements.of(limit.analyte)
        if m.kind is ValueKind.NUMBER and m.value is not None
    ]
    if not applicable:
        return []
    if serving_grams is None:
        rules = "; ".join(sorted({limit.citation.rule for limit, _ in applicable}))
        return [
            Finding(
                analyte="Per-serving limits",
                status=FindingStatus.INFO,
                value=None,
                unit="mg per serving",
                limit=None,
                rule=rules,
                source="; ".join(sorted({limit.citation.source for limit, _ in applicable})),
                explanation=(
                    "Not checked: the serving (unit) size is not known. State it to check the "
                    "milligrams of 7-OH and mitragynine in one serving."
                ),
                panel=Panel.ALKALOIDS,
            )
        ]
    findings = []
    for limit, m in applicable:
        assert m.value is not None  # filtered above
        mg = alkaloid_mg(serving_grams, m.value).quantize(Decimal("0.01"))
        sign = "below" if limit.comparison.value == "lt" else "at most"
        allowed = f"{sign} {format_decimal(limit.max_mg)} mg per serving"
        base = Finding(
            analyte=m.analyte.name,
            status=FindingStatus.PASS,
            value=mg,
            unit="mg per serving",
            limit=limit.max_mg,
            rule=limit.citation.rule,
            source=limit.citation.source,
            explanation="",
            panel=Panel.ALKALOIDS,
        )
        serving = f"{format_decimal(mg)} mg in a {format_decimal(serving_grams)} g serving"
        if not limit.exceeded_by(mg):
            findings.append(base.judged(FindingStatus.PASS, f"{serving}: {allowed}, met."))
            continue
        status = FindingStatus.FAIL if limit.action is Action.FAIL else FindingStatus.FLAG
        verb = "must be" if limit.action is Action.FAIL else "is flagged unless"
        note = f" {limit.citation.note}" if limit.citation.note else ""
        findings.append(base.judged(status, f"{serving}: {m.analyte.name} {verb} {allowed}.{note}"))
    return findings
