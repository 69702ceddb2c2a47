"""Skin photo pages: the guide, upload with box drawing, the result, the trend, and photos
served only after an access check (never as static files)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import DomainError, InvalidInput
from speciosa.domain.pigmentation.plain_words import change_words, difference_words
from speciosa.domain.pigmentation.records import DEFAULT_REFERENCE_SITE, DEFAULT_SITE
from speciosa.domain.pigmentation.regions import Box, make_box
from speciosa.entrypoints.photo_responses import photo_response
from speciosa.entrypoints.web.pigmentation_cards import darkening_views, swatch, trend_views
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.pigmentation.photos import NewSkinPhoto

router = APIRouter()

PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
MemberUser = Annotated[WebUser, require_role(Role.PERSON, Role.CLINICIAN)]
Coordinate = Annotated[str, Form(max_length=7)]
FORM_STATUS = {
    "invalid-input": 422,
    "photo-refused": 422,
    "chart-not-found": 422,
    "too-large": 413,
    "unsupported-media-type": 415,
}


def _box_fields(prefix: str, box: Box | None) -> dict[str, str]:
    values = box.as_tuple() if box else ("", "", "", "")
    return {f"{prefix}_{k}": str(v) for k, v in zip("xywh", values, strict=True)}


def _form_page(
    request: Request,
    services: Any,
    user: WebUser,
    *,
    form: dict[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    suggested = services.pigmentation.suggested_boxes(user.actor, user.actor.user_id)
    if form is None:
        form = {
            "upload_id": str(uuid.uuid4()),
            "site": suggested.site if suggested else "",
            "reference_site": suggested.reference_site if suggested else "",
            # No boxes in advance: the last photo's pixels mean nothing on a new photo; the
            # person places them on this photo (skin.js), or types them without JavaScript.
            **_box_fields("roi", None),
            **_box_fields("ref", None),
        }
    return render(
        request,
        "pigmentation/new.html",
        {
            "form": form,
            "suggested": suggested,
            "error": error,
            "default_site": DEFAULT_SITE,
            "default_reference_site": DEFAULT_REFERENCE_SITE,
        },
        status_code=status_code,
    )


def _parse(values: tuple[str, str, str, str], field: str, required: bool) -> Box | None:
    if not any(v.strip() for v in values):
        if required:
            raise InvalidInput(
                "Mark the affected site on the photo (or type its X, Y, width and height).",
                field=field,
            )
        return None
    try:
        x, y, w, h = (int(v.strip()) for v in values)
    except ValueError:
        raise InvalidInput(
            "Box positions are whole numbers of pixels (X, Y, width, height).", field=field
        ) from None
    return make_box(x, y, w, h, field)


@router.get("/me/skin")
def skin_home(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    records = services.pigmentation.for_person(user.actor, user.actor.user_id)
    return render(
        request,
        "pigmentation/index.html",
        {
            "records": list(reversed(records)),
            "trends": trend_views(services, user.actor, user.actor.user_id) if records else [],
        },
    )


@router.get("/me/skin/guide")
def guide(request: Request, user: PersonUser) -> Response:
    return render(request, "pigmentation/guide.html", {})


@router.get("/me/skin/new")
def new_photo(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _form_page(request, services, user)


@router.post("/me/skin/new")
def upload_photo(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    upload_id: Annotated[str, Form(max_length=64)],
    photo: Annotated[UploadFile, File()],
    roi_x: Coordinate = "",
    roi_y: Coordinate = "",
    roi_w: Coordinate = "",
    roi_h: Coordinate = "",
    ref_x: Coordinate = "",
    ref_y: Coordinate = "",
    ref_w: Coordinate = "",
    ref_h: Coordinate = "",
    site: Annotated[str, Form(max_length=80)] = "",
    reference_site: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    form = {
        "upload_id": upload_id, "site": site, "reference_site": reference_site,
        "roi_x": roi_x, "roi_y": roi_y, "roi_w": roi_w, "roi_h": roi_h,
        "ref_x": ref_x, "ref_y": ref_y, "ref_w": ref_w, "ref_h": ref_h,
    }  # fmt: skip
    content = photo.file.read(services.settings.max_upload_bytes + 1)
    try:
        roi = _parse((roi_x, roi_y, roi_w, roi_h), "roi", required=True)
        assert roi is not None
        reference = _parse((ref_x, ref_y, ref_w, ref_h), "reference_roi", required=False)
        record, _ = services.pigmentation.record(
            user.actor,
            None,
            NewSkinPhoto(
                id=upload_id,
                photo=content,
                roi=roi,
                reference_roi=reference,
                site=site,
                reference_site=reference_site,
            ),
        )
    except DomainError as error:
        status = FORM_STATUS.get(error.slug)
        if status is None:
            raise
        return _form_page(
            request, services, user, form=form, error=error.detail, status_code=status
        )
    return RedirectResponse(f"/me/skin/measurements/{record.id}", status_code=303)


def _result(request: Request, services: Any, user: WebUser, measurement_id: str) -> Response:
    record = services.pigmentation.get(user.actor, measurement_id)
    m = record.measurement
    swatches = {"roi": swatch(m.roi.swatch, f"Corrected colour of {record.site}")}
    if m.reference is not None:
        swatches["reference"] = swatch(
            m.reference.swatch, f"Corrected colour of {record.reference_site}"
        )
    words: list[str] = []
    if m.delta_L is not None and m.delta_e_2000 is not None and record.reference_site:
        rules = services.pigmentation.reference.rules
        words.append(
            difference_words(
                m.delta_L,
                m.delta_e_2000,
                rules.perceptible_delta_e,
                record.site,
                record.reference_site,
            )
        )
        trend = next(
            (
                t
                for t in services.pigmentation.trends(user.actor, record.person_id)
                if (t.site, t.reference_site) == (record.site, record.reference_site)
            ),
            None,
        )
        if trend is not None and m.calibrated:
            words.append(change_words(trend))
    return render(
        request,
        "pigmentation/result.html",
        {"record": record, "m": m, "swatches": swatches, "words": words},
    )


@router.get("/me/skin/measurements/{measurement_id}")
def result(
    request: Request, measurement_id: str, user: PersonUser, services: ServicesDep
) -> Response:
    return _result(request, services, user, measurement_id[:64])


@router.get("/clinic/skin/measurements/{measurement_id}")
def clinician_result(
    request: Request, measurement_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _result(request, services, user, measurement_id[:64])


@router.get("/skin/photos/{measurement_id}")
def photo(measurement_id: str, user: MemberUser, services: ServicesDep) -> Response:
    """The photo, to the person and to clinicians they granted access (audited)."""
    return photo_response(services.pigmentation.photo(user.actor, measurement_id[:64]))


@router.get("/clinic/persons/{person_id}/skin")
def clinician_skin(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    person_id = person_id[:64]
    records = services.pigmentation.for_person(user.actor, person_id)
    person = services.accounts.get(person_id)
    return render(
        request,
        "pigmentation/clinician.html",
        {
            "person": person,
            "records": list(reversed(records)),
            "trends": trend_views(services, user.actor, person_id) if records else [],
            "darkening": darkening_views(services, user.actor, person_id, records),
        },
    )
