"""Skin measurements: stored once per client id, listed per person in time order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.pigmentation import SkinMeasurementRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.pigmentation.records import (
    SkinPhotoRecord,
    measurement_from_json,
    measurement_to_json,
)
from speciosa.domain.pigmentation.regions import Box, parse_box


def _box(text: str | None) -> Box | None:
    return None if text is None else parse_box(text, "stored box")


def _record(row: SkinMeasurementRow) -> SkinPhotoRecord:
    roi = _box(row.roi)
    assert roi is not None
    return SkinPhotoRecord(
        id=row.id,
        person_id=row.person_id,
        taken_at=row.taken_at,
        photo_sha256=row.photo_sha256,
        photo_width=row.photo_width,
        photo_height=row.photo_height,
        site=row.site,
        reference_site=row.reference_site,
        roi=roi,
        reference_roi=_box(row.reference_roi),
        measurement=measurement_from_json(row.result),
        fingerprint=row.fingerprint,
        created_by=row.created_by,
    )


class SqlSkinMeasurementRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, record: SkinPhotoRecord) -> bool:
        m = record.measurement
        return add_unless_exists(
            self._s,
            SkinMeasurementRow(
                id=record.id,
                person_id=record.person_id,
                taken_at=record.taken_at,
                photo_sha256=record.photo_sha256,
                photo_width=record.photo_width,
                photo_height=record.photo_height,
                site=record.site,
                reference_site=record.reference_site,
                roi=record.roi.as_text(),
                reference_roi=None
                if record.reference_roi is None
                else record.reference_roi.as_text(),
                calibrated=m.calibrated,
                checker_delta_e=m.checker_delta_e,
                delta_l=m.delta_L,
                delta_e_2000=m.delta_e_2000,
                result=measurement_to_json(m),
                fingerprint=record.fingerprint,
                created_by=record.created_by,
            ),
        )

    def get(self, measurement_id: str) -> SkinPhotoRecord | None:
        row = self._s.get(SkinMeasurementRow, measurement_id)
        return _record(row) if row else None

    def for_person(self, person_id: str) -> list[SkinPhotoRecord]:
        query = (
            select(SkinMeasurementRow)
            .where(SkinMeasurementRow.person_id == person_id)
            .order_by(SkinMeasurementRow.taken_at, SkinMeasurementRow.id)
        )
        return [_record(r) for r in self._s.scalars(query)]

    def latest_for_person(self, person_id: str) -> SkinPhotoRecord | None:
        query = (
            select(SkinMeasurementRow)
            .where(SkinMeasurementRow.person_id == person_id)
            .order_by(SkinMeasurementRow.taken_at.desc(), SkinMeasurementRow.id.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return _record(row) if row else None
