"""The alerts a person's medication list raises: one per major or contraindicated interaction."""

from __future__ import annotations

from collections.abc import Sequence

from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.precautions.interactions import InteractionCheck
from speciosa.domain.precautions.records import Medication
from speciosa.domain.precautions.rxnorm import EMPTY_RXNORM, RxNormTable
from speciosa.domain.precautions.substances import KRATOM, SubstanceCatalogue


def interaction_drafts(
    person_id: str,
    check: InteractionCheck,
    medications: Sequence[Medication],
    catalogue: SubstanceCatalogue,
    rxnorm: RxNormTable = EMPTY_RXNORM,
) -> list[AlertDraft]:
    """An alert per major or contraindicated interaction, keyed by the list entries involved,
    so that re-checking the same list raises nothing new and re-adding a medication does."""
    entry_ids: dict[str, str] = {KRATOM: KRATOM}
    for medication in medications:
        found = catalogue.resolve(rxnorm.checked_name(medication))
        if found is not None:
            entry_ids.setdefault(found.name, medication.id)
    drafts = []
    for item in check.alerting:
        ids = sorted((entry_ids.get(item.substance, "?"), entry_ids.get(item.with_, "?")))
        drafts.append(
            AlertDraft(
                person_id=person_id,
                kind=AlertKind.INTERACTION,
                title=(
                    f"{item.severity.value.capitalize()} interaction: "
                    f"{item.substance} with {item.with_}"
                ),
                explanation=f"{item.mechanism} Advice shown to the person: {item.advice} "
                f"Source: {item.source}",
                dedupe_key=f"interaction:{person_id}:{item.rule_id}:{ids[0]}:{ids[1]}",
                facts={
                    "substance": item.substance,
                    "with": item.with_,
                    "severity": item.severity.value,
                    "rule": item.rule_id,
                    "why": item.why,
                },
                source_type="medication",
                source_id=ids[1] if ids[1] != KRATOM else ids[0],
            )
        )
    return drafts
