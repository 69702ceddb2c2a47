"""The read-only FHIR R4 API at /fhir/r4: metadata (CapabilityStatement), Patient/{id},
Patient/{id}/$everything, and search on QuestionnaireResponse, Observation (patient, code,
date), MedicationStatement and CarePlan, with `_count` / `_offset` paging into searchset
Bundles. The Patient's id is the person's Speciosa id.

The same bearer tokens, consent and audit as /api/v1: every route but metadata needs a token;
the record is read through `ClinicalRecordService.read` (one access check, one audit row); what
the caller may not see reads as 404. Errors are OperationOutcomes (application/fhir+json) with
the same words as /api/v1's problem JSON.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from speciosa import __version__
from speciosa.adapters.fhir.bundle import patient_of
from speciosa.adapters.fhir.record import record_entries
from speciosa.adapters.fhir.served import (
    BASE,
    DEFAULT_COUNT,
    MAX_COUNT,
    capability_statement,
    search,
    searchset,
    served_resources,
)
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep, current_actor
from speciosa.entrypoints.api.schemas import PROBLEM_RESPONSES

FHIR_JSON = "application/fhir+json"
FHIR_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {FHIR_JSON: {"schema": {"type": "object", "required": ["resourceType"]}}}}
}
OUTCOME_SCHEMA = {
    "type": "object",
    "required": ["resourceType", "issue"],
    "properties": {"resourceType": {"const": "OperationOutcome"}, "issue": {"type": "array"}},
}
# Errors are OperationOutcomes: the statuses /api/v1 declares, as application/fhir+json.
FHIR_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": answer["description"],
        "content": {FHIR_JSON: {"schema": OUTCOME_SCHEMA}},
    }
    for status, answer in PROBLEM_RESPONSES.items()
}
Count = Annotated[int, Query(alias="_count", ge=1, le=MAX_COUNT)]
Offset = Annotated[int, Query(alias="_offset", ge=0, le=100_000)]
PatientParam = Annotated[str | None, Query(max_length=80)]
CodeParam = Annotated[list[str], Query(max_length=10)]
DateParam = Annotated[list[str], Query(max_length=4)]

public = APIRouter(prefix=BASE, tags=["fhir"], responses=FHIR_ERRORS)
router = APIRouter(
    prefix=BASE,
    tags=["fhir"],
    responses=FHIR_ERRORS,
    dependencies=[Depends(current_actor)],
)


def fhir(body: dict[str, Any]) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type=FHIR_JSON,
        headers={"Cache-Control": "private, no-store"},
    )


def served(services: ServicesDep, actor: Actor, person_id: str, what: str) -> list[dict[str, Any]]:
    record = services.clinical_record.read(actor, person_id, what)
    return served_resources([r.json for r in record_entries(record)], person_id)


def subject(actor: Actor, services: ServicesDep, patient: str | None) -> str:
    """Whose record a search is about: `patient` (an id or Patient/id); a person's own if absent."""
    if patient:
        return patient.removeprefix("Patient/")
    if actor.is_person:
        return actor.user_id
    raise InvalidInput("Say whose record to search: patient=<id>.", field="patient")


@public.get("/metadata", response_class=Response, responses=FHIR_RESPONSE)
def metadata(services: ServicesDep) -> Response:
    """The CapabilityStatement: what this read-only server supports (no token needed)."""
    return fhir(capability_statement(__version__, services.clock.now()))


@router.get("/Patient/{patient_id}", response_class=Response, responses=FHIR_RESPONSE)
def read_patient(patient_id: str, actor: ActorDep, services: ServicesDep) -> Response:
    # The Patient alone: the same access check, audit row and JSON as from the whole record.
    person = services.clinical_record.read_person(actor, patient_id, "Patient")
    return fhir(served_resources([patient_of(person)], patient_id)[0])


@router.get("/Patient/{patient_id}/$everything", response_class=Response, responses=FHIR_RESPONSE)
def patient_everything(
    patient_id: str,
    request: Request,
    actor: ActorDep,
    services: ServicesDep,
    count: Count = MAX_COUNT,
    offset: Offset = 0,
) -> Response:
    """Every resource of the person's record (the last 366 days), as a searchset Bundle."""
    resources = served(services, actor, patient_id, "Patient/$everything")
    return fhir(
        searchset(resources, str(request.url.path) + "?" + request.url.query, count, offset)
    )


def search_route(kind: str) -> None:
    def search_kind(
        request: Request,
        actor: ActorDep,
        services: ServicesDep,
        patient: PatientParam = None,
        count: Count = DEFAULT_COUNT,
        offset: Offset = 0,
    ) -> Response:
        person_id = subject(actor, services, patient)
        found = search(served(services, actor, person_id, kind), kind, [], [])
        return fhir(searchset(found, f"{request.url.path}?{request.url.query}", count, offset))

    search_kind.__doc__ = f"Search {kind} by patient; a searchset Bundle paged by _count."
    router.add_api_route(
        f"/{kind}",
        search_kind,
        methods=["GET"],
        response_class=Response,
        responses=FHIR_RESPONSE,
        name=f"search_{kind}",
    )


@router.get("/Observation", response_class=Response, responses=FHIR_RESPONSE)
def search_observation(
    request: Request,
    actor: ActorDep,
    services: ServicesDep,
    patient: PatientParam = None,
    code: CodeParam = [],  # noqa: B006 - FastAPI copies list defaults per request
    date: DateParam = [],  # noqa: B006
    count: Count = DEFAULT_COUNT,
    offset: Offset = 0,
) -> Response:
    """Search Observation by patient, code (system|code or code) and date (eq/ge/gt/le/lt)."""
    person_id = subject(actor, services, patient)
    found = search(served(services, actor, person_id, "Observation"), "Observation", code, date)
    return fhir(searchset(found, f"{request.url.path}?{request.url.query}", count, offset))


for _kind in ("QuestionnaireResponse", "MedicationStatement", "CarePlan"):
    search_route(_kind)
