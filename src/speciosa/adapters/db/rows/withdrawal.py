"""Rows of the withdrawal feature: check-ins and each person's withdrawal profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)


class CheckInRow(Base):
    """The client-generated UUID is the primary key: the unique constraint that makes a retried
    POST a re-read instead of a second record."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_person_id_taken_at_id", "person_id", "taken_at", "id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    instrument: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    measurements: Mapped[dict[str, Any]] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    band: Mapped[str | None] = mapped_column(String(32))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Corrections (issue 12): current | corrected | entered_in_error; the original row stays.
    status: Mapped[str] = mapped_column(String(20), default="current", server_default="current")
    supersedes: Mapped[str | None] = mapped_column(ID)
    superseded_by: Mapped[str | None] = mapped_column(ID)
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Why a clinician-rated assessment was recorded at an earlier time ("" when it was not).
    backdate_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class WithdrawalProfileRow(Base):
    __tablename__ = "withdrawal_profiles"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), primary_key=True)
    opioids: Mapped[list[str]] = mapped_column(JSON)
    last_use_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
