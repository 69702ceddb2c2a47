"""Pages for reviewing a PDF certificate row by row, and for a clinician verifying it for a batch.

Each value read from the PDF is shown beside the image of the page region it came from, with a
"Confirm" button and a small form to correct it; the page works without JavaScript (each form
posts and comes back to the same row) and on a phone (the cards stack).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render

router = APIRouter()
MemberUser = Annotated[WebUser, require_role(Role.PERSON, Role.CLINICIAN)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]


def _review_page(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    coa_id: str,
    error: str = "",
    error_row: int = 0,
    status: int = 200,
) -> Response:
    review = services.certificate_review.review(user.actor, coa_id)
    return render(
        request,
        "sources/review.html",
        {"review": review, "error": error, "error_row": error_row},
        status_code=status,
    )


@router.get("/coas/{coa_id}/review")
def review_page(request: Request, coa_id: str, user: MemberUser, services: ServicesDep) -> Response:
    return _review_page(request, user, services, coa_id)


@router.post("/coas/{coa_id}/rows/{row}")
def review_row(
    request: Request,
    coa_id: str,
    row: int,
    user: MemberUser,
    services: ServicesDep,
    action: Annotated[str, Form(max_length=16)] = "confirm",
    value: Annotated[str, Form(max_length=100)] = "",
    unit: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        if action == "correct":
            review = services.certificate_review.correct(user.actor, coa_id, row, value, unit)
        else:
            review = services.certificate_review.confirm(user.actor, coa_id, row)
    except InvalidInput as error:
        return _review_page(request, user, services, coa_id, error.detail, row, status=422)
    following = next((r.number for r in review.rows if not r.confirmed), None)
    anchor = f"#row-{following}" if following else "#verdict"
    return RedirectResponse(f"/coas/{coa_id}/review{anchor}", status_code=303)


@router.get("/coas/{coa_id}/rows/{row}/image.png")
def row_image(
    coa_id: str,
    row: int,
    user: MemberUser,
    services: ServicesDep,
    part: Annotated[Literal["region", "compare"], Query()] = "region",
) -> Response:
    """`part=compare`: just the analyte and the result, for a phone (see `page_images`)."""
    return Response(
        services.certificate_review.row_image(user.actor, coa_id, row, part == "compare"),
        media_type="image/png",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/coas/{coa_id}/verify")
def verify(request: Request, coa_id: str, user: ClinicianUser, services: ServicesDep) -> Response:
    try:
        services.certificate_review.verify(user.actor, coa_id)
    except InvalidInput as error:
        return _review_page(request, user, services, coa_id, error.detail, status=422)
    return RedirectResponse(f"/coas/{coa_id}/review?notice=verified#verdict", status_code=303)
