"""Lab certificates: upload (a file, or a JSON certificate), list, and read with the verdict.

POST /coas takes multipart/form-data (id, file, optional batch_id) — the same import the web
upload and `speciosa coa import` use; POST /coas/json takes the certificate as a JSON body.
Both are idempotent by the client-generated id: 201 when stored, 200 for a replay.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import BaseModel, Field

from speciosa.domain.sources.findings import check_daily_grams
from speciosa.entrypoints.api.certificate_output import CoaOut, coa_out
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel
from speciosa.services.sources.certificates import CoaUpload

router = APIRouter(tags=["lab certificates"])


class CoaList(BaseModel):
    items: list[CoaOut]


class ResultIn(StrictModel):
    analyte: str = Field(min_length=1, max_length=200)
    value: str | int | float = Field(union_mode="left_to_right")
    unit: str = Field(default="", max_length=40)


class CertificateIn(StrictModel):
    lab: str = Field(default="", max_length=200)
    product: str = Field(default="", max_length=200)
    batch: str = Field(default="", max_length=200)
    # Text, as the CLI and the file readers take it ("2026-09-14"); the reader checks the date.
    tested_on: str | None = Field(default=None, max_length=40, examples=["2026-09-14"])
    results: list[ResultIn] = Field(min_length=1, max_length=500)


class CoaJsonIn(StrictModel):
    id: str = Field(max_length=64, description="A UUID made by the client (idempotency key).")
    batch_id: str | None = Field(default=None, max_length=64)
    certificate: CertificateIn


def _store(services: Any, actor: Any, upload: CoaUpload, response: Response) -> CoaOut:
    record, created = services.certificates.import_coa(actor, upload)
    response.status_code = 201 if created else 200
    return coa_out(record)


@router.post("/coas", response_model=CoaOut, status_code=201)
def upload_coa(
    actor: ActorDep,
    services: ServicesDep,
    response: Response,
    file: Annotated[UploadFile, File(description="JSON, CSV or text PDF certificate")],
    id: Annotated[str, Form(max_length=64, description="A UUID made by the client.")],
    batch_id: Annotated[str | None, Form(max_length=64)] = None,
) -> CoaOut:
    """Upload a certificate file for a batch; judged at the reference daily amount."""
    limit = services.settings.max_upload_bytes
    content = file.file.read(limit + 1)
    upload = CoaUpload(id, file.filename or "certificate", content, batch_id or None)
    return _store(services, actor, upload, response)


@router.post("/coas/json", response_model=CoaOut, status_code=201)
def post_coa_json(
    body: CoaJsonIn, actor: ActorDep, services: ServicesDep, response: Response
) -> CoaOut:
    """Send a certificate as JSON: {"lab","product","batch","tested_on","results":[…]}."""
    document = body.certificate.model_dump(mode="json")
    content = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
    return _store(
        services, actor, CoaUpload(body.id, "certificate.json", content, body.batch_id), response
    )


@router.get("/coas", response_model=CoaList)
def list_coas(
    actor: ActorDep,
    services: ServicesDep,
    batch_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CoaList:
    return CoaList(items=[coa_out(r) for r in services.certificates.list(actor, batch_id, limit)])


@router.get("/coas/{coa_id}", response_model=CoaOut)
def get_coa(
    coa_id: str,
    actor: ActorDep,
    services: ServicesDep,
    daily_grams: Annotated[float | None, Query(gt=0, le=500)] = None,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
) -> CoaOut:
    """The verdict at `daily_grams`, else at the person's own daily amount (`person_id`, or
    the signed-in person), else at the reference amount."""
    if daily_grams is not None:
        return coa_out(services.certificates.get(actor, coa_id, check_daily_grams(daily_grams)))
    if person_id is not None or actor.is_person:
        subject = services.guard.subject_of(actor, person_id)
        return coa_out(services.certificates.for_person(actor, subject, coa_id))
    return coa_out(services.certificates.get(actor, coa_id))
