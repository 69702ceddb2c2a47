"""Pages for sources: the person's products ("which batch am I taking now"), the certificate
upload (a file input that works without JS; drag and drop is a static-file enhancement), the
verdict page with its reasons, and the vendor scorecard with the recall list."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import DomainError, InvalidInput
from speciosa.domain.sources.products import ProductForm, VeinColour
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
MemberUser = Annotated[WebUser, require_role(Role.PERSON, Role.CLINICIAN)]


def _products_page(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    error: str = "",
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    items = services.products.products_for(user.actor, user.actor.user_id)
    return render(
        request,
        "sources/products.html",
        {
            "items": items,
            "forms": [f.value for f in ProductForm],
            "colours": [c.value for c in VeinColour],
            "purchase_id": str(uuid.uuid4()),
            "error": error,
            "form": form or {},
            "today": date.today().isoformat(),  # noqa: DTZ011 - a default for a date field
        },
        status_code=status,
    )


@router.get("/me/products")
def products(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _products_page(request, user, services)


@router.post("/me/products")
def add_purchase(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    purchase_id: Annotated[str, Form(max_length=64)],
    vendor: Annotated[str, Form(max_length=120)] = "",
    product: Annotated[str, Form(max_length=120)] = "",
    form: Annotated[str, Form(max_length=16)] = "powder",
    colour: Annotated[str, Form(max_length=16)] = "",
    grams_per_unit: Annotated[str, Form(max_length=16)] = "",
    grams_per_ml: Annotated[str, Form(max_length=16)] = "",
    lot: Annotated[str, Form(max_length=64)] = "",
    max_daily_grams: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    sent = {
        "vendor": vendor,
        "product": product,
        "form": form,
        "colour": colour,
        "grams_per_unit": grams_per_unit,
        "grams_per_ml": grams_per_ml,
        "lot": lot,
        "max_daily_grams": max_daily_grams,
    }
    try:
        services.products.record_purchase(
            user.actor,
            NewPurchase(
                id=purchase_id,
                product=NewProduct(
                    vendor=vendor,
                    name=product,
                    form=form,
                    colour=colour or None,
                    grams_per_unit=grams_per_unit or None,
                    grams_per_ml=grams_per_ml or None,
                ),
                lot=lot,
                max_daily_grams=max_daily_grams or None,
            ),
        )
    except InvalidInput as error:
        return _products_page(request, user, services, error.detail, sent, status=422)
    return RedirectResponse("/me/products?notice=purchase-added", status_code=303)


@router.post("/me/purchases/{purchase_id}")
def update_purchase(
    purchase_id: str,
    user: PersonUser,
    services: ServicesDep,
    current: Annotated[str, Form(max_length=5)] = "",
    max_daily_grams: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    services.products.update_purchase(
        user.actor,
        purchase_id,
        current=None if current == "" else current == "1",
        max_daily_grams=max_daily_grams or None,
    )
    return RedirectResponse("/me/products?notice=purchase-updated", status_code=303)


def _upload_page(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    batch_id: str = "",
    error: str = "",
    status: int = 200,
) -> Response:
    if user.actor.is_person:
        items = services.products.products_for(user.actor, user.actor.user_id)
        batches = [i.label for i in items]
    else:
        batches = services.products.batches()
    return render(
        request,
        "sources/upload.html",
        {
            "batches": batches,
            "selected": batch_id,
            "upload_id": str(uuid.uuid4()),
            "error": error,
            "max_mb": services.settings.max_upload_bytes // (1024 * 1024),
        },
        status_code=status,
    )


@router.get("/coas/upload")
def upload_form(
    request: Request, user: MemberUser, services: ServicesDep, batch_id: str = ""
) -> Response:
    return _upload_page(request, user, services, batch_id[:64])


@router.post("/coas/upload")
def upload(
    request: Request,
    user: MemberUser,
    services: ServicesDep,
    upload_id: Annotated[str, Form(max_length=64)],
    file: Annotated[UploadFile, File()],
    batch_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    content = file.file.read(services.settings.max_upload_bytes + 1)
    try:
        record, _ = services.certificates.import_coa(
            user.actor,
            CoaUpload(upload_id, file.filename or "certificate", content, batch_id or None),
        )
    except DomainError as error:
        status = (
            413 if error.slug == "too-large" else 422 if error.slug == "invalid-input" else None
        )
        if status is None:
            raise
        return _upload_page(request, user, services, batch_id, error.detail, status=status)
    # Values read from a PDF are checked by the uploader before they count.
    page = "/review" if record.stored.certificate.needs_review else ""
    return RedirectResponse(f"/coas/{record.stored.id}{page}", status_code=303)


@router.get("/coas/{coa_id}")
def coa_page(
    request: Request,
    coa_id: str,
    user: MemberUser,
    services: ServicesDep,
    person_id: str = "",
) -> Response:
    """The verdict with its reasons: at the person's own daily amount when there is one."""
    subject = user.actor.user_id if user.actor.is_person else person_id[:64]
    if subject:
        record = services.certificates.for_person(user.actor, subject, coa_id)
    else:
        record = services.certificates.get(user.actor, coa_id)
    findings = record.verdict.findings
    order = {"fail": 0, "unknown_unit": 1, "unreadable": 1, "incomplete": 2, "flag": 3}
    reasons = sorted(
        (f for f in findings if f.status.value in order), key=lambda f: order[f.status.value]
    )
    return render(
        request,
        "sources/coa.html",
        {"record": record, "reasons": reasons, "findings": findings},
    )


@router.get("/vendors")
def vendors(request: Request, user: MemberUser, services: ServicesDep) -> Response:
    return render(
        request,
        "sources/vendors.html",
        {"scores": services.products.scorecard(), "recalls": services.products.recall_list()},
    )
