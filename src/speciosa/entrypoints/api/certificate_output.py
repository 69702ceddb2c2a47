"""A lab certificate and its verdict as the API answers it (the certificate, product and review
routes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from speciosa.domain.sources.findings import Finding
from speciosa.services.sources.certificates import CoaRecord


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
