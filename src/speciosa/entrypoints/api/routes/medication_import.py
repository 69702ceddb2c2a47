"""POST /api/v1/medications/fhir[?person_id=]: a FHIR R4 Bundle of MedicationStatement or
MedicationRequest resources (application/fhir+json or application/json) from another system →
the medicines are added to the person's list with their codes, all or none, and the interaction
check runs. Answers what was added, which codes Speciosa does not know (by name), what was
already listed, what the Bundle says is no longer taken (not added), and the interaction check;
a malformed Bundle is a 422 naming the problem."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from speciosa.adapters.fhir.medication_import import parse_bundle, read_medications
from speciosa.domain.foundation.errors import UnsupportedMediaType
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.medication_output import (
    InteractionsOut,
    MedicationOut,
    interactions_out,
    medication_out,
)
from speciosa.entrypoints.input_guard import is_json_media_type
from speciosa.services.precautions.medication_import import MedicationImport

router = APIRouter(tags=["precautions"])


class ImportedOut(BaseModel):
    name: str
    system: str | None
    code: str | None


class MedicationImportOut(BaseModel):
    added: list[MedicationOut]
    unknown_codes: list[ImportedOut]
    already_listed: list[ImportedOut]
    not_current: list[ImportedOut]
    check: InteractionsOut
    alerts_raised: int


def import_out(result: MedicationImport, services: ServicesDep) -> MedicationImportOut:
    def source(decision_name: str, system: str | None, code: str | None) -> ImportedOut:
        return ImportedOut(name=decision_name, system=system, code=code)

    return MedicationImportOut(
        added=[medication_out(m, services) for m in result.added],
        unknown_codes=[
            source(d.name, d.source.system, d.source.code) for d in result.unknown_codes
        ],
        already_listed=[
            source(d.name, d.source.system, d.source.code) for d in result.already_listed
        ],
        not_current=[source(d.name, d.source.system, d.source.code) for d in result.not_current],
        check=interactions_out(result.check),
        alerts_raised=len(result.alerts),
    )


@router.post(
    "/medications/fhir",
    response_model=MedicationImportOut,
    response_model_by_alias=True,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        }
    },
)
async def import_fhir_medications(
    request: Request,
    actor: ActorDep,
    services: ServicesDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
) -> MedicationImportOut:
    if not is_json_media_type(request.headers.get("content-type", "")):
        raise UnsupportedMediaType(
            "Send the Bundle as application/fhir+json (or application/json).",
            field="content-type",
        )
    body = await request.body()
    # Parsing and validating a Bundle is CPU work and the import writes: both off the event
    # loop, which would otherwise stall every other request of this worker meanwhile.
    return await run_in_threadpool(_import, services, actor, person_id, body)


def _import(
    services: ServicesDep, actor: ActorDep, person_id: str | None, body: bytes
) -> MedicationImportOut:
    entries = read_medications(parse_bundle(body))
    result = services.medication_import.import_medications(actor, person_id, entries)
    return import_out(result, services)
