"""Review of a PDF certificate's values, and a clinician's verification of it for the batch.

GET  /coas/{id}/review                   every row as read, whether confirmed, the original reading
POST /coas/{id}/rows/{n}/confirm         the value read is right (row n, 1-based)
POST /coas/{id}/rows/{n}/correct         {"value", "unit"}: the certificate says this instead
GET  /coas/{id}/rows/{n}/image           PNG of the page region the value was read from
POST /coas/{id}/verify                   a clinician: this certificate speaks for its batch

Each answers with the review (the verdict as it stands after the change). Only the uploader and
the clinicians who may see their records reach a certificate that is still a person's own;
refusals of what the caller may not see are 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from speciosa.entrypoints.api.certificate_output import CoaOut, PrintedOut, coa_out, printed_out
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel
from speciosa.services.sources.certificate_review import CoaReview

router = APIRouter(tags=["lab certificates"])
RowNumber = Annotated[int, Path(ge=1, le=500, description="The row, 1-based, as read.")]


class ReadingOut(BaseModel):
    value: str
    unit: str


class ReviewRowOut(BaseModel):
    row: int
    analyte: str
    value: str
    unit: str
    page: int | None
    bbox: list[float] | None = Field(description="x0, top, x1, bottom in PDF points")
    review_reason: str | None
    printed: PrintedOut | None = Field(
        default=None, description="LOQ, LOD, limit and pass/fail as printed beside the result"
    )
    confirmed: bool
    action: str | None = Field(description="confirm or correct; null when not reviewed")
    original: ReadingOut | None = Field(description="What was read from the file, if corrected")
    reviewed_by: str | None
    reviewed_at: datetime | None
    image: str | None = Field(description="Path of the page-region image, when there is one")


class ReviewOut(BaseModel):
    certificate: CoaOut
    rows: list[ReviewRowOut]
    unconfirmed: int
    may_change: bool
    may_verify: bool


class CorrectionIn(StrictModel):
    value: str = Field(min_length=1, max_length=100, examples=["0.12"])
    unit: str = Field(default="", max_length=40, examples=["ppm"])


def review_out(review: CoaReview) -> ReviewOut:
    coa_id = review.record.stored.id
    rows = []
    for row in review.rows:
        r, latest = row.result, row.review
        corrected = latest is not None and latest.changed
        rows.append(
            ReviewRowOut(
                row=row.number,
                analyte=r.analyte,
                value=r.value,
                unit=r.unit,
                page=r.page,
                bbox=list(r.bbox) if r.bbox else None,
                review_reason=r.review_reason,
                printed=printed_out(r.loq, r.lod, r.printed_limit, r.printed_status),
                confirmed=row.confirmed,
                action=latest.action.value if latest else None,
                original=ReadingOut(value=latest.original_value, unit=latest.original_unit)
                if latest and corrected
                else None,
                reviewed_by=latest.reviewed_by if latest else None,
                reviewed_at=latest.reviewed_at if latest else None,
                image=f"/api/v1/coas/{coa_id}/rows/{row.number}/image"
                if review.has_pages and r.page
                else None,
            )
        )
    return ReviewOut(
        certificate=coa_out(review.record),
        rows=rows,
        unconfirmed=review.waiting,
        may_change=review.may_change,
        may_verify=review.may_verify,
    )


@router.get("/coas/{coa_id}/review", response_model=ReviewOut)
def get_review(coa_id: str, actor: ActorDep, services: ServicesDep) -> ReviewOut:
    return review_out(services.certificate_review.review(actor, coa_id))


@router.post("/coas/{coa_id}/rows/{row}/confirm", response_model=ReviewOut)
def confirm_row(coa_id: str, row: RowNumber, actor: ActorDep, services: ServicesDep) -> ReviewOut:
    return review_out(services.certificate_review.confirm(actor, coa_id, row))


@router.post("/coas/{coa_id}/rows/{row}/correct", response_model=ReviewOut)
def correct_row(
    coa_id: str, row: RowNumber, body: CorrectionIn, actor: ActorDep, services: ServicesDep
) -> ReviewOut:
    return review_out(
        services.certificate_review.correct(actor, coa_id, row, body.value, body.unit)
    )


@router.get(
    "/coas/{coa_id}/rows/{row}/image",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "PNG of the page region"}},
)
def row_image(coa_id: str, row: RowNumber, actor: ActorDep, services: ServicesDep) -> Response:
    return png_response(services.certificate_review.row_image(actor, coa_id, row))


@router.post("/coas/{coa_id}/verify", response_model=ReviewOut)
def verify(coa_id: str, actor: ActorDep, services: ServicesDep) -> ReviewOut:
    return review_out(services.certificate_review.verify(actor, coa_id))


def png_response(data: bytes) -> Response:
    return Response(
        data,
        media_type="image/png",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )
