"""The alerts the sources feature raises: a failed certificate for a batch a person is taking,
and a recall or warning letter that covers it. Dedupe keys make raising them twice a no-op."""

from __future__ import annotations

from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.sources.findings import FindingStatus, Verdict
from speciosa.domain.sources.recalls import RecallMatch
from speciosa.domain.sources.units import format_decimal


def coa_failed_draft(
    person_id: str, certificate_id: str, batch_label: str, verdict: Verdict
) -> AlertDraft:
    failed = [f for f in verdict.findings if f.status is FindingStatus.FAIL]
    reasons = "; ".join(f"{f.analyte}: {f.explanation}" for f in failed[:4])
    grams = format_decimal(verdict.daily_grams)
    assumed = " (assumed)" if verdict.daily_grams_assumed else ""
    return AlertDraft(
        person_id=person_id,
        kind=AlertKind.COA_FAILED,
        title=f"The lab certificate of {batch_label} fails a limit",
        explanation=(
            f"Judged at {grams} g a day{assumed}. {reasons} Talk with your clinician about this "
            "batch before you use or buy more of it."
        ),
        dedupe_key=f"coa_failed:{certificate_id}:{person_id}",
        facts={
            "certificate_id": certificate_id,
            "batch": batch_label,
            "daily_grams": float(verdict.daily_grams),
            "failed": [
                {
                    "analyte": f.analyte,
                    "value": f.value_text,
                    "unit": f.unit,
                    "limit": float(f.limit) if f.limit is not None else None,
                    "rule": f.rule,
                    "source": f.source,
                }
                for f in failed
            ],
        },
        source_type="lab_certificate",
        source_id=certificate_id,
    )


def recall_draft(person_id: str, batch_id: str, batch_label: str, match: RecallMatch) -> AlertDraft:
    recall = match.recall
    return AlertDraft(
        person_id=person_id,
        kind=AlertKind.RECALL,
        title=f"{recall.label}: {batch_label}",
        explanation=f"{match.sentence} Source: {recall.source}.",
        dedupe_key=f"recall:{recall.id}:{batch_id}:{person_id}",
        facts={
            "recall_id": recall.id,
            "agency": recall.agency,
            "announced_on": recall.announced_on.isoformat(),
            "level": match.level.value,
            "reason": recall.reason,
            "source": recall.source,
        },
        source_type="batch",
        source_id=batch_id,
    )
