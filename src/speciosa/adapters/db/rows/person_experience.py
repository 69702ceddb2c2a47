"""Rows of the person's own extras (issue 16): cravings and sleep answered beside a check-in, and
the private calendar feed of daily reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)


class CheckInWellbeingRow(Base):
    """Keyed by the check-in's own client id, so a re-sent check-in stores these once."""

    __tablename__ = "checkin_wellbeing"

    checkin_id: Mapped[str] = mapped_column(ID, ForeignKey("checkins.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), index=True)
    cravings: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    sleep_quality: Mapped[str | None] = mapped_column(String(16), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CalendarFeedRow(Base):
    """One feed per person; only the SHA-256 of the secret in its address is stored."""

    __tablename__ = "calendar_feeds"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reminder_minutes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
