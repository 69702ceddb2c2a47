"""A person's medicines and the interactions found among them, as the API answers them (the
precautions routes and the FHIR medication import)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from speciosa.bootstrap import Services
from speciosa.domain.precautions.interactions import InteractionCheck
from speciosa.domain.precautions.records import Medication


class InteractionOut(BaseModel):
    substance: str
    with_: str = Field(serialization_alias="with")
    severity: str
    mechanism: str
    advice: str
    source: str
    why: str


class InteractionsOut(BaseModel):
    interactions: list[InteractionOut]
    unrecognised: list[str]
    checked: list[str]


class MedicationOut(BaseModel):
    id: str
    name: str
    added_at: datetime
    recognised_as: str | None


def interactions_out(check: InteractionCheck) -> InteractionsOut:
    return InteractionsOut(
        interactions=[
            InteractionOut(
                substance=i.substance,
                with_=i.with_,
                severity=i.severity.value,
                mechanism=i.mechanism,
                advice=i.advice,
                source=i.source,
                why=i.why,
            )
            for i in check.interactions
        ],
        unrecognised=list(check.unrecognised),
        checked=[r.name for r in check.checked],
    )


def medication_out(medication: Medication, services: Services) -> MedicationOut:
    found = services.precautions.resolve_medication(medication)
    return MedicationOut(
        id=medication.id,
        name=medication.name,
        added_at=medication.added_at,
        recognised_as=found.name if found else None,
    )
