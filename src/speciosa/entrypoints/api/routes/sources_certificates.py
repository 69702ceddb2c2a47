"""Lab certificates: upload (a file, or a JSON certificate), list, and read with the verdict.

POST /coas takes multipart/form-data (id, file, optional batch_id) — the same import the web
upload and `speciosa coa import` use; POST /coas/json takes the certificate as a JSON body.
Both are idempotent by the client-generated id: 201 when stored, 200 for a replay.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import BaseModel, Field

from speciosa.domain.sources.findings import Finding, check_daily_grams
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel
from speciosa.services.sources.certificates import CoaRecord, CoaUpload

router = APIRouter(tags=["lab certificates"])


class PrintedOut(BaseModel):
    loq: str | None
    lod: str | None
    limit: str | None
    status: str | None


def printed_out(
    loq: str | None, lod: str | None, limit: str | None, status: str | None
) -> PrintedOut | None:
    if not any((loq, lod, limit, status)):
        return None
    return PrintedOut(loq=loq, lod=lod, limit=limit, status=status)


class FindingOut(BaseModel):
    analyte: str
    status: str
    value: float | str | None
    unit: str
    limit: float | None
    rule: str
    source: str
    explanation: str
    panel: str
    page: int | None = Field(
        default=None, description="The PDF page the value was read from (PDF certificates)."
    )
    confirmed: bool = Field(
        default=True,
        description="False for a value read from a PDF that no person has confirmed yet; JSON "
        "and CSV certificates state their values (true).",
    )
    printed: PrintedOut | None = Field(
        default=None,
        description="What the lab printed beside the result on a PDF (LOQ, LOD, its limit, its "
        "pass/fail), kept for the reviewer; never judged.",
    )


class BatchOut(BaseModel):
    id: str
    lot: str
    product_id: str
    product: str
    form: str
    vendor_id: str
    vendor: str


class CoaOut(BaseModel):
    # Two API models are called CoaOut, so the OpenAPI component name is built from the module
    # path; clients generated from the schema use that name, so it stays what it was before the
    # module moved into the sources feature (issue 13).
    __module__ = "speciosa.entrypoints.api.routes.labs"

    id: str
    verdict: str
    daily_grams: float
    daily_grams_assumed: bool
    lab: str
    product: str
    batch_label: str
    tested_on: date | None
    format: str
    filename: str
    uploaded_at: datetime
    batch: BatchOut | None
    mitragynine_pct: float | None
    hydroxymitragynine_pct: float | None
    findings: list[FindingOut]
    verified_for_batch: bool = Field(
        default=False,
        description="A clinician uploaded or verified it: it decides every purchaser's verdict. "
        "Otherwise it decides only its uploader's own purchase.",
    )
    unconfirmed_rows: int = Field(
        default=0, description="Values read from the PDF that no person has confirmed yet."
    )


# The module path above names a module that no longer exists: resolve the annotations here.
CoaOut.model_rebuild(_types_namespace=globals())


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


def finding_out(finding: Finding) -> FindingOut:
    def number(value: Any) -> Any:
        return float(value) if value is not None and not isinstance(value, str) else value

    return FindingOut(
        analyte=finding.analyte,
        status=finding.status.value,
        value=number(finding.value),
        unit=finding.unit,
        limit=number(finding.limit),
        rule=finding.rule,
        source=finding.source,
        explanation=finding.explanation,
        panel=finding.panel.value,
        page=finding.page,
        confirmed=finding.confirmed,
        printed=printed_out(
            finding.loq, finding.lod, finding.printed_limit, finding.printed_status
        ),
    )


def coa_out(record: CoaRecord) -> CoaOut:
    stored, certificate, label = record.stored, record.stored.certificate, record.batch
    alkaloids = record.alkaloids
    return CoaOut(
        id=stored.id,
        verdict=record.verdict.kind.value,
        daily_grams=float(record.verdict.daily_grams),
        daily_grams_assumed=record.verdict.daily_grams_assumed,
        lab=certificate.lab,
        product=certificate.product,
        batch_label=certificate.batch,
        tested_on=certificate.tested_on,
        format=certificate.source_format.value,
        filename=stored.filename,
        uploaded_at=stored.uploaded_at,
        batch=BatchOut(
            id=label.batch.id,
            lot=label.batch.lot,
            product_id=label.product.id,
            product=label.product.name,
            form=label.product.form.value,
            vendor_id=label.vendor.id,
            vendor=label.vendor.name,
        )
        if label
        else None,
        mitragynine_pct=float(alkaloids.mitragynine_pct)
        if alkaloids.mitragynine_pct is not None
        else None,
        hydroxymitragynine_pct=float(alkaloids.hydroxymitragynine_pct)
        if alkaloids.hydroxymitragynine_pct is not None
        else None,
        findings=[finding_out(f) for f in record.verdict.findings],
        verified_for_batch=stored.batch_wide,
        unconfirmed_rows=len(certificate.unconfirmed_rows),
    )


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
