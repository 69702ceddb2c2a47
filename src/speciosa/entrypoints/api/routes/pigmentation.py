"""Skin photos: upload with the two boxes, list measurements, the trend, and the photo itself
(access-checked and audited; never a static file)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import BaseModel

from speciosa.domain.pigmentation.records import (
    DEFAULT_REFERENCE_SITE,
    DEFAULT_SITE,
    SkinPhotoRecord,
)
from speciosa.domain.pigmentation.regions import parse_box
from speciosa.domain.pigmentation.trend import SiteTrend
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.photo_responses import photo_response
from speciosa.services.pigmentation.photos import NewSkinPhoto

router = APIRouter(tags=["skin"])


class SiteColourOut(BaseModel):
    L: float
    a: float
    b: float
    ita_deg: float
    category: str
    melanin_index: float
    erythema_index: float


class MeasurementOut(BaseModel):
    """The contract shape of `speciosa skin measure --json`."""

    calibrated: bool
    checker_delta_e: float | None
    roi: SiteColourOut
    reference: SiteColourOut | None
    delta_e_2000: float | None
    delta_L: float | None  # noqa: N815


class SkinMeasurementOut(BaseModel):
    id: str
    person_id: str
    taken_at: datetime
    site: str
    reference_site: str
    roi: str
    reference_roi: str | None
    photo_url: str
    photo_width: int
    photo_height: int
    correction: str | None
    measurement: MeasurementOut


class SkinMeasurementList(BaseModel):
    items: list[SkinMeasurementOut]


class TrendSessionOut(BaseModel):
    day: date
    photos: int
    measurement_ids: list[str]
    mean_delta_L: float  # noqa: N815
    mean_delta_e_2000: float
    change_delta_L: float  # noqa: N815


class SiteTrendOut(BaseModel):
    site: str
    reference_site: str
    smallest_detectable_change_L: float  # noqa: N815
    sdc_from_repeat_photos: bool
    sdc_explanation: str
    darkening: bool
    sessions: list[TrendSessionOut]


class TrendList(BaseModel):
    items: list[SiteTrendOut]


def measurement_out(record: SkinPhotoRecord) -> SkinMeasurementOut:
    return SkinMeasurementOut(
        id=record.id,
        person_id=record.person_id,
        taken_at=record.taken_at,
        site=record.site,
        reference_site=record.reference_site,
        roi=record.roi.as_text(),
        reference_roi=None if record.reference_roi is None else record.reference_roi.as_text(),
        photo_url=f"/api/v1/skin/measurements/{record.id}/photo",
        photo_width=record.photo_width,
        photo_height=record.photo_height,
        correction=record.measurement.correction,
        measurement=MeasurementOut.model_validate(record.measurement.as_json()),
    )


def trend_out(trend: SiteTrend) -> SiteTrendOut:
    return SiteTrendOut(
        site=trend.site,
        reference_site=trend.reference_site,
        smallest_detectable_change_L=round(trend.sdc.delta_l, 2),
        sdc_from_repeat_photos=trend.sdc.from_repeats,
        sdc_explanation=trend.sdc.explanation,
        darkening=trend.darkening is not None,
        sessions=[
            TrendSessionOut(
                day=s.day,
                photos=len(s.photos),
                measurement_ids=[p.measurement_id for p in s.photos],
                mean_delta_L=round(s.mean_delta_l, 2),
                mean_delta_e_2000=round(s.mean_delta_e, 2),
                change_delta_L=round(s.change_delta_l, 2),
            )
            for s in trend.sessions
        ],
    )


@router.post("/skin/measurements", response_model=SkinMeasurementOut, status_code=201)
def upload_photo(
    actor: ActorDep,
    services: ServicesDep,
    response: Response,
    photo: Annotated[UploadFile, File(description="JPEG, PNG or WebP with a ColorChecker")],
    id: Annotated[str, Form(max_length=64, description="A UUID made by the client.")],
    roi: Annotated[str, Form(max_length=48, description="Affected site box X,Y,W,H")],
    reference_roi: Annotated[str | None, Form(max_length=48)] = None,
    site: Annotated[str, Form(max_length=80)] = DEFAULT_SITE,
    reference_site: Annotated[str, Form(max_length=80)] = DEFAULT_REFERENCE_SITE,
    uncalibrated: Annotated[bool, Form()] = False,
    person_id: Annotated[str | None, Form(max_length=64)] = None,
) -> SkinMeasurementOut:
    """Measure a photo (boxes in pixels of the upright photo); 201 when stored, 200 when the
    same id and upload were stored before."""
    content = photo.file.read(services.settings.max_upload_bytes + 1)
    new = NewSkinPhoto(
        id=id,
        photo=content,
        roi=parse_box(roi, "roi"),
        reference_roi=parse_box(reference_roi, "reference_roi") if reference_roi else None,
        site=site,
        reference_site=reference_site,
        uncalibrated=uncalibrated,
    )
    record, created = services.pigmentation.record(actor, person_id, new)
    response.status_code = 201 if created else 200
    return measurement_out(record)


@router.get("/skin/measurements", response_model=SkinMeasurementList)
def list_measurements(
    actor: ActorDep,
    services: ServicesDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
) -> SkinMeasurementList:
    subject = services.guard.subject_of(actor, person_id)
    records = services.pigmentation.for_person(actor, subject)
    return SkinMeasurementList(items=[measurement_out(r) for r in records])


@router.get("/skin/measurements/{measurement_id}", response_model=SkinMeasurementOut)
def get_measurement(
    measurement_id: str, actor: ActorDep, services: ServicesDep
) -> SkinMeasurementOut:
    return measurement_out(services.pigmentation.get(actor, measurement_id))


@router.get(
    "/skin/measurements/{measurement_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
def get_photo(measurement_id: str, actor: ActorDep, services: ServicesDep) -> Response:
    """The stored photo (upright, without metadata), for the person and consenting clinicians."""
    return photo_response(services.pigmentation.photo(actor, measurement_id))


@router.get("/skin/trend", response_model=TrendList)
def get_trend(
    actor: ActorDep,
    services: ServicesDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
) -> TrendList:
    """Affected-minus-reference ΔL* and ΔE2000 per site pair and session, with the smallest
    detectable change and whether the darkening rule holds."""
    subject = services.guard.subject_of(actor, person_id)
    return TrendList(items=[trend_out(t) for t in services.pigmentation.trends(actor, subject)])
