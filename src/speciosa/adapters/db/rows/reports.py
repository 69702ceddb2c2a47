"""Rows of the reports feature: clinician notes on a person's timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)


class ClinicianNoteRow(Base):
    """The client-generated UUID is the primary key, so a re-sent form stores one note."""

    __tablename__ = "clinician_notes"
    __table_args__ = (Index("ix_clinician_notes_person_id_written_at", "person_id", "written_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    author_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
