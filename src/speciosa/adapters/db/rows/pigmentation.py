"""Rows of skin-photo measurements (issue 7). The photo itself lives in the photo store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)


class SkinMeasurementRow(Base):
    __tablename__ = "skin_measurements"
    __table_args__ = (Index("ix_skin_measurements_person_id_taken_at", "person_id", "taken_at"),)

    # The client-generated id: the primary key is the uniqueness that makes retries idempotent.
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    photo_sha256: Mapped[str] = mapped_column(String(64))
    photo_width: Mapped[int] = mapped_column(Integer)
    photo_height: Mapped[int] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(80))
    reference_site: Mapped[str] = mapped_column(String(80))
    roi: Mapped[str] = mapped_column(String(48))
    reference_roi: Mapped[str | None] = mapped_column(String(48))
    calibrated: Mapped[bool] = mapped_column(Boolean)
    checker_delta_e: Mapped[float | None] = mapped_column(Float)
    delta_l: Mapped[float | None] = mapped_column(Float)
    delta_e_2000: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(ID)
