"""Microbial limits: USP <2023> counts and absence of Salmonella and E. coli.

Counts (total aerobic count, yeast & mould) are compared with the profile's CFU/g limits for the
product's category. Pathogens must be shown absent in at least the stated sample mass: "absent
in 25 g" shows absence in 10 g; "absent in 1 g" does not, and neither does a count such as
"<10 CFU/g" — those are incomplete, not passed.
"""

from __future__ import annotations

from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Measurement, Measurements
from speciosa.domain.sources.findings import Finding, FindingStatus, Panel, shown_value
from speciosa.domain.sources.profile import (
    AbsenceRule,
    CountLimit,
    MicrobialCategory,
    StandardsProfile,
)
from speciosa.domain.sources.units import ValueKind, format_decimal

COUNT_UNIT = "CFU/g"


def check_microbial(
    measurements: Measurements,
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    category: MicrobialCategory,
) -> list[Finding]:
    findings: list[Finding] = []
    reported = measurements.keys()
    for limit in (c for c in profile.counts if c.category is category):
        name = catalogue.get(limit.analyte).name if limit.analyte in catalogue else limit.analyte
        if limit.analyte not in reported:
            if limit.required:
                findings.append(_missing_count(name, limit))
            continue
        findings.extend(_count(m, limit, name).read_from(m) for m in measurements.of(limit.analyte))
    for rule in (a for a in profile.absences if a.category is category):
        name = catalogue.get(rule.analyte).name if rule.analyte in catalogue else rule.analyte
        if rule.analyte not in reported:
            narrower = {
                m.analyte.name for m in measurements.measured if m.analyte.part_of == rule.analyte
            }
            findings.append(_missing_absence(name, rule, sorted(narrower)))
            continue
        findings.extend(_absence(m, rule, name).read_from(m) for m in measurements.of(rule.analyte))
    judged = {c.analyte for c in profile.counts if c.category is category}
    judged |= {a.analyte for a in profile.absences if a.category is category}
    for m in measurements.measured:
        microbial = m.analyte.kind in (AnalyteKind.COUNT, AnalyteKind.PATHOGEN)
        if microbial and m.analyte.key not in judged:
            findings.append(
                Finding(
                    analyte=m.analyte.name,
                    status=FindingStatus.INFO,
                    value=shown_value(m),
                    unit=m.unit,
                    limit=None,
                    rule="reported; no limit in this standards profile",
                    source="",
                    explanation=f"{m.analyte.name} is shown as reported; no sourced limit applies.",
                    panel=Panel.MICROBIAL,
                ).read_from(m)
            )
    return findings


def _missing_count(name: str, limit: CountLimit) -> Finding:
    return Finding(
        analyte=name,
        status=FindingStatus.INCOMPLETE,
        value=None,
        unit=COUNT_UNIT,
        limit=limit.max_cfu_per_g,
        rule=limit.citation.rule,
        source=limit.citation.source,
        explanation=f"{name} is not on the certificate: the microbial panel is incomplete.",
        panel=Panel.MICROBIAL,
    )


def _missing_absence(name: str, rule: AbsenceRule, narrower: list[str]) -> Finding:
    explanation = f"{name} is not on the certificate: the microbial panel is incomplete."
    if narrower:
        explanation = (
            f"{name} as a whole is not on the certificate: it reports {' and '.join(narrower)}, "
            f"a test for some {name} only, which cannot show that all {name} is absent. The "
            "microbial panel is incomplete."
        )
    return Finding(
        analyte=name,
        status=FindingStatus.INCOMPLETE,
        value=None,
        unit="",
        limit=None,
        rule=rule.citation.rule,
        source=rule.citation.source,
        explanation=explanation,
        panel=Panel.MICROBIAL,
    )


def _count(m: Measurement, limit: CountLimit, name: str) -> Finding:
    allowed = f"not more than {format_decimal(limit.max_cfu_per_g)} CFU/g"
    base = Finding(
        analyte=name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=COUNT_UNIT,
        limit=limit.max_cfu_per_g,
        rule=limit.citation.rule,
        source=limit.citation.source,
        explanation="",
        panel=Panel.MICROBIAL,
    )
    if m.kind is ValueKind.NUMBER and m.value is not None:
        if m.value <= limit.max_cfu_per_g:
            return base.judged(FindingStatus.PASS, f"Within the limit: {allowed}.")
        return base.judged(FindingStatus.FAIL, f"Above the limit: it must be {allowed}.")
    if m.kind is ValueKind.BELOW and m.value is not None and m.value <= limit.max_cfu_per_g:
        return base.judged(FindingStatus.PASS, f"Below the reporting limit, so {allowed}.")
    return base.judged(
        FindingStatus.INCOMPLETE,
        f"The result cannot show the count is {allowed}: the reporting limit is missing or too "
        "high.",
    )


def _absence(m: Measurement, rule: AbsenceRule, name: str) -> Finding:
    needed = f"absent in {format_decimal(rule.sample_grams)} g"
    base = Finding(
        analyte=name,
        status=FindingStatus.PASS,
        value=shown_value(m),
        unit=m.unit,
        limit=None,
        rule=f"{rule.citation.rule}: {needed}",
        source=rule.citation.source,
        explanation="",
        panel=Panel.MICROBIAL,
    )
    if m.kind is ValueKind.PRESENT:
        return base.judged(FindingStatus.FAIL, f"{name} was found; it must be {needed}.")
    if m.kind is ValueKind.ABSENT:
        if m.sample_grams is None:
            return base.judged(
                FindingStatus.INCOMPLETE,
                f"Reported absent{_as_printed(m)}, but the sample mass tested is not stated; "
                f"the rule asks that it be {needed}: ask the lab how many grams were tested.",
            )
        tested = format_decimal(m.sample_grams)
        where = (
            f" (the mass is from the lab's printed limit, '{m.raw.printed_limit}')"
            if m.sample_from_limit
            else ""
        )
        if m.sample_grams >= rule.sample_grams:
            return base.judged(
                FindingStatus.PASS, f"Absent in {tested} g{where}, which covers {needed}."
            )
        return base.judged(
            FindingStatus.INCOMPLETE,
            f"The lab tested {tested} g{where} and found no {name}; the rule asks that it be "
            f"{needed}. A {tested} g test cannot show absence in "
            f"{format_decimal(rule.sample_grams)} g: ask the lab for a "
            f"{format_decimal(rule.sample_grams)} g (or 25 g) test.",
        )
    return base.judged(
        FindingStatus.INCOMPLETE,
        f"A count ({base.value_text} {m.unit}) does not show {name} is {needed}.",
    )


def _as_printed(m: Measurement) -> str:
    """' (printed "ND CFU/g")' when the lab's words differ from "absent"."""
    printed = f"{m.raw.value} {m.raw.unit}".strip()
    return "" if printed.lower() == "absent" else f' (printed "{printed}")'
