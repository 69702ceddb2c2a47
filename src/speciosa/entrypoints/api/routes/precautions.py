"""Precautions: the medication list and conditions, with interactions re-checked on every
change. Red-flag reports are in `red_flags`; legal status and evidence in `legal_and_evidence`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.medication_output import (
    InteractionsOut,
    MedicationOut,
    interactions_out,
    medication_out,
)
from speciosa.entrypoints.api.schemas import PersonQuery, StrictModel

router = APIRouter(tags=["precautions"])


class CheckIn(StrictModel):
    names: list[Annotated[str, Field(max_length=100)]] = Field(min_length=1, max_length=50)


class MedicationsOut(BaseModel):
    items: list[MedicationOut]
    check: InteractionsOut


class MedicationIn(StrictModel):
    name: str = Field(min_length=1, max_length=100)
    person_id: str | None = Field(default=None, max_length=64)
    id: str | None = Field(default=None, max_length=64, description="Client-generated UUID")


class MedicationAdded(BaseModel):
    medication: MedicationOut
    check: InteractionsOut
    alerts_raised: int


class ConditionsIn(StrictModel):
    conditions: list[Annotated[str, Field(max_length=40)]] = Field(max_length=20)
    person_id: str | None = Field(default=None, max_length=64)


class ConditionsOut(BaseModel):
    conditions: list[str]
    precautions: list[dict[str, Any]]


@router.post("/interactions/check", response_model=InteractionsOut, response_model_by_alias=True)
def check_names(body: CheckIn, services: ServicesDep) -> InteractionsOut:
    """Check names against kratom and each other; nobody's record is read or written."""
    return interactions_out(services.precautions.check(body.names))


@router.get("/interactions", response_model=InteractionsOut, response_model_by_alias=True)
def person_interactions(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> InteractionsOut:
    subject = services.guard.subject_of(actor, person_id)
    return interactions_out(services.precautions.overview(actor, subject).check)


@router.get("/medications", response_model=MedicationsOut, response_model_by_alias=True)
def list_medications(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> MedicationsOut:
    subject = services.guard.subject_of(actor, person_id)
    overview = services.precautions.overview(actor, subject)
    return MedicationsOut(
        items=[medication_out(m, services) for m in overview.medications],
        check=interactions_out(overview.check),
    )


@router.post(
    "/medications", response_model=MedicationAdded, status_code=201, response_model_by_alias=True
)
def add_medication(
    body: MedicationIn, actor: ActorDep, services: ServicesDep, response: Response
) -> MedicationAdded:
    change = services.precautions.add_medication(actor, body.person_id, body.name, body.id)
    if change.replayed:
        response.status_code = 200
    return MedicationAdded(
        medication=medication_out(change.medication, services),
        check=interactions_out(change.check),
        alerts_raised=len(change.alerts),
    )


@router.delete("/medications/{medication_id}", response_model=InteractionsOut)
def remove_medication(
    medication_id: str, actor: ActorDep, services: ServicesDep
) -> InteractionsOut:
    return interactions_out(services.precautions.remove_medication(actor, medication_id))


@router.get("/conditions", response_model=ConditionsOut)
def list_conditions(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> ConditionsOut:
    subject = services.guard.subject_of(actor, person_id)
    overview = services.precautions.overview(actor, subject)
    return ConditionsOut(
        conditions=list(overview.conditions),
        precautions=[
            {"code": p.code, "label": p.label, "precautions": list(p.precautions)}
            for p in overview.precautions
        ],
    )


@router.put("/conditions", response_model=ConditionsOut)
def set_conditions(body: ConditionsIn, actor: ActorDep, services: ServicesDep) -> ConditionsOut:
    subject = services.guard.subject_of(actor, body.person_id)
    services.precautions.set_conditions(actor, subject, body.conditions)
    return list_conditions(actor, services, subject)
