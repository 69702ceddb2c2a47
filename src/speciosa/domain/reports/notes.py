"""Clinician notes on a person's timeline: short, dated, signed, and never edited in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput

MAX_NOTE_LENGTH = 4000


@dataclass(frozen=True)
class ClinicianNote:
    id: str  # client-generated UUID: a re-sent form stores one note
    person_id: str
    author_id: str
    author_name: str
    written_at: datetime
    text: str
    fingerprint: str


def clean_note_text(text: object) -> str:
    """The note as it will be stored; empty or over-long notes are refused with the limit."""
    if not isinstance(text, str):
        raise InvalidInput("The note must be text.", field="text")
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("Write something in the note before saving it.", field="text")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"The note must be at most {MAX_NOTE_LENGTH} characters (it has {len(cleaned)}).",
            field="text",
        )
    return cleaned
