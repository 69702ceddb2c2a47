"""Rows of the precautions feature: medication lists, recorded conditions, red-flag reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)


class MedicationRow(Base):
    """Soft-deleted (removed_at) so that the list's history stays with the audit trail."""

    __tablename__ = "person_medications"
    __table_args__ = (
        Index("ix_person_medications_person_id_removed_at", "person_id", "removed_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    added_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The standard code it came with (a FHIR import keeps it); None for a typed name.
    code_system: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(64))
    code_display: Mapped[str | None] = mapped_column(String(200))


class ConditionRow(Base):
    __tablename__ = "person_conditions"
    __table_args__ = (UniqueConstraint("person_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    code: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))


class RedFlagReportRow(Base):
    __tablename__ = "red_flag_reports"
    __table_args__ = (
        Index("ix_red_flag_reports_person_id_reported_at", "person_id", "reported_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    flags: Mapped[list[Any]] = mapped_column(JSON)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reported_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    checkin_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
