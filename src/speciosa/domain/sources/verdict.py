"""Judge a certificate: every rule of the standards profile, plus what could not be read.

`judge_certificate` is the one entry point the services call. The daily amount is the person's
stated maximum grams per day; when none is stated, the profile's reference amount is used and
the verdict says it was assumed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from speciosa.domain.sources.alkaloids import check_alkaloids
from speciosa.domain.sources.analytes import AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import (
    Certificate,
    Measurements,
    Problem,
    Unmeasured,
    measure_all,
)
from speciosa.domain.sources.findings import (
    Finding,
    FindingStatus,
    Panel,
    Verdict,
    decide,
    shown_value,
)
from speciosa.domain.sources.heavy_metals import check_heavy_metals
from speciosa.domain.sources.microbial import check_microbial
from speciosa.domain.sources.per_serving import check_per_serving
from speciosa.domain.sources.profile import MicrobialCategory, StandardsProfile
from speciosa.domain.sources.residual_solvents import check_residual_solvents

PANEL_OF_KIND = {
    AnalyteKind.METAL: Panel.HEAVY_METALS,
    AnalyteKind.COUNT: Panel.MICROBIAL,
    AnalyteKind.PATHOGEN: Panel.MICROBIAL,
    AnalyteKind.ALKALOID: Panel.ALKALOIDS,
    AnalyteKind.OTHER: Panel.OTHER,
    AnalyteKind.SOLVENT: Panel.RESIDUAL_SOLVENTS,
}


def judge_certificate(
    certificate: Certificate,
    catalogue: AnalyteCatalogue,
    profile: StandardsProfile,
    *,
    daily_grams: Decimal | None = None,
    category: MicrobialCategory = MicrobialCategory.DRIED_BOTANICAL,
    serving_grams: Decimal | None = None,
) -> Verdict:
    """`serving_grams`: grams in one serving or unit, for the per-serving limits (None: unknown)."""
    grams = daily_grams if daily_grams is not None else profile.reference_daily_grams
    measurements = measure_all(certificate, catalogue)
    findings = [
        *check_heavy_metals(measurements, catalogue, profile, grams),
        *check_microbial(measurements, catalogue, profile, category),
        *check_alkaloids(measurements, catalogue, profile),
        *check_per_serving(measurements, profile.per_serving, serving_grams),
        *check_residual_solvents(measurements, catalogue, profile, category),
        *_other(measurements),
        *(_unmeasured(u) for u in measurements.unmeasured),
        *(
            Finding(
                analyte=row.text[:120],
                status=FindingStatus.UNREADABLE,
                value=None,
                unit="",
                limit=None,
                rule=f"could not read this row: {row.reason}",
                source=f"certificate line {row.line}" if row.line else "certificate",
                explanation=(
                    f"Could not read this row ({row.reason}). It may hold a result that matters, "
                    "so the certificate cannot pass until it is readable."
                ),
            )
            for row in certificate.unreadable
        ),
        *_review_needed(certificate),
    ]
    findings += _lab_printed_fail(measurements, findings)
    return Verdict(decide(findings), tuple(findings), grams, daily_grams is None)


_FAIL_WORDS = re.compile(r"^\s*(?:fail|failed|fails|failure|does not comply|not compliant)\b", re.I)


def _lab_printed_fail(measurements: Measurements, findings: list[Finding]) -> list[Finding]:
    """The lab printed FAIL beside a result Speciosa's rules do not fail: either the reading is
    wrong or the lab held it to a stricter limit of its own; a person should know either way."""
    failed = {f.analyte for f in findings if f.status is FindingStatus.FAIL}
    flags = []
    for m in measurements.measured:
        printed = m.raw.printed_status or ""
        if not _FAIL_WORDS.match(printed) or m.analyte.name in failed:
            continue
        limit = f" (its limit: {m.raw.printed_limit})" if m.raw.printed_limit else ""
        flags.append(
            Finding(
                analyte=m.analyte.name,
                status=FindingStatus.FLAG,
                value=m.raw.value,
                unit=m.raw.unit,
                limit=None,
                rule="the lab's own pass/fail, as printed",
                source="the certificate",
                explanation=(
                    f"The lab printed '{printed}' beside {m.analyte.name} ({m.raw.value} "
                    f"{m.raw.unit}".rstrip()
                    + f"){limit}, and Speciosa's rules do not fail it. "
                    "Check that the value was read right; if it was, the lab judged it by a "
                    "stricter limit of its own. Ask your clinician before taking this batch."
                ),
                panel=PANEL_OF_KIND.get(m.analyte.kind, Panel.OTHER),
            ).read_from(m)
        )
    return flags


def _review_needed(certificate: Certificate) -> list[Finding]:
    """Values read from a PDF count only once a person has checked them against the page, so an
    unconfirmed PDF certificate is at best incomplete (it may still fail on what it shows)."""
    waiting = certificate.unconfirmed_rows
    if not waiting:
        return []
    total = len(certificate.results)
    return [
        Finding(
            analyte="Values read from the PDF",
            status=FindingStatus.INCOMPLETE,
            value=f"{len(waiting)} of {total} not confirmed",
            unit="",
            limit=None,
            rule="review needed: each value read from a PDF is confirmed by a person",
            source="Speciosa review of certificates read from PDF files",
            explanation=(
                f"{len(waiting)} of the {total} values were read from the PDF by Speciosa and "
                "nobody has checked them against the certificate yet. Review them (confirm or "
                "correct each one, row by row) before this certificate can pass."
            ),
            confirmed=False,
        )
    ]


def _other(measurements: Measurements) -> list[Finding]:
    return [
        Finding(
            analyte=m.analyte.name,
            status=FindingStatus.INFO,
            value=shown_value(m),
            unit=m.unit,
            limit=None,
            rule="reported; not judged",
            source="",
            explanation=f"{m.analyte.name} is shown as reported.",
        ).read_from(m)
        for m in measurements.measured
        if m.analyte.kind is AnalyteKind.OTHER
    ]


def _unmeasured(item: Unmeasured) -> Finding:
    raw = item.raw
    where = f" (line {raw.line})" if raw.line else ""
    if item.problem is Problem.UNKNOWN_ANALYTE:
        return Finding(
            analyte=raw.analyte,
            status=FindingStatus.UNKNOWN_ANALYTE,
            value=raw.value,
            unit=raw.unit,
            limit=None,
            rule="analyte not in Speciosa's list of names",
            source=f"certificate{where}",
            explanation=(
                f"'{raw.analyte}' is not an analyte Speciosa knows, so no limit was applied to it. "
                "It is shown here so nothing on the certificate is silently dropped."
            ),
        ).read_from(item)
    analyte = item.analyte
    name = analyte.name if analyte else raw.analyte
    status = (
        FindingStatus.UNKNOWN_UNIT
        if item.problem is Problem.UNKNOWN_UNIT
        else FindingStatus.UNREADABLE
    )
    what = f"unit '{raw.unit}'" if status is FindingStatus.UNKNOWN_UNIT else f"value '{raw.value}'"
    return Finding(
        analyte=name,
        status=status,
        value=raw.value,
        unit=raw.unit,
        limit=None,
        rule=f"unknown {what}" if status is FindingStatus.UNKNOWN_UNIT else f"unreadable {what}",
        source=f"certificate{where}",
        explanation=(
            f"{name}: {item.detail}, so it cannot be compared with any limit and the certificate "
            "cannot pass."
        ),
        panel=PANEL_OF_KIND[analyte.kind] if analyte else Panel.OTHER,
    ).read_from(item)
