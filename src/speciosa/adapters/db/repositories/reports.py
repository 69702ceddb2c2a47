"""Reads for the report model beyond the features' own repositories, and the clinician notes.
(The dashboard's reads live in `repositories/dashboard.py`.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, type_coerce, union_all
from sqlalchemy.orm import Session

from speciosa.adapters.db.repositories.checkins import _checkin
from speciosa.adapters.db.rows.base import UtcDateTime
from speciosa.adapters.db.rows.dosing import DoseRow
from speciosa.adapters.db.rows.foundation import (
    ConsentRow,
    PersonRow,
    UserRow,
)
from speciosa.adapters.db.rows.pigmentation import SkinMeasurementRow
from speciosa.adapters.db.rows.reports import ClinicianNoteRow
from speciosa.adapters.db.rows.withdrawal import CheckInRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.reports.notes import ClinicianNote
from speciosa.domain.withdrawal.checkins import CheckIn


def _active_consent(clinician_id: str) -> list[ColumnElement[bool]]:
    return [ConsentRow.clinician_id == clinician_id, ConsentRow.revoked_at.is_(None)]


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def checkins_between(self, person_id: str, start: datetime, end: datetime) -> list[CheckIn]:
        """Full check-ins (answers included) with start <= taken_at < end, oldest first."""
        query = (
            select(CheckInRow)
            .where(
                CheckInRow.person_id == person_id,
                CheckInRow.taken_at >= start,
                CheckInRow.taken_at < end,
                CheckInRow.status == RecordStatus.CURRENT.value,  # not corrected or in error
            )
            .order_by(CheckInRow.taken_at, CheckInRow.id)
        )
        return [_checkin(r) for r in self._s.scalars(query)]

    def checkins_in_error_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[CheckIn]:
        """Check-ins marked entered in error with start <= taken_at < end (for exports)."""
        query = (
            select(CheckInRow)
            .where(
                CheckInRow.person_id == person_id,
                CheckInRow.taken_at >= start,
                CheckInRow.taken_at < end,
                CheckInRow.status == RecordStatus.ENTERED_IN_ERROR.value,
            )
            .order_by(CheckInRow.taken_at, CheckInRow.id)
        )
        return [_checkin(r) for r in self._s.scalars(query)]

    def first_record_at(self, person_id: str) -> datetime | None:
        """When the person's first record was taken (check-in, dose, skin photo or clinician
        note): one statement, an index probe per table."""
        firsts = union_all(
            *(
                select(func.min(column).label("at")).where(owner == person_id)
                for column, owner in (
                    (CheckInRow.taken_at, CheckInRow.person_id),
                    (DoseRow.taken_at, DoseRow.person_id),
                    (SkinMeasurementRow.taken_at, SkinMeasurementRow.person_id),
                    (ClinicianNoteRow.written_at, ClinicianNoteRow.person_id),
                )
            )
        ).subquery("firsts")
        first: datetime | None = self._s.execute(
            select(type_coerce(func.min(firsts.c.at), UtcDateTime()))
        ).scalar()
        return first

    def research_person_ids(self) -> list[str]:
        """Persons who consented to research use, in a stable order."""
        query = (
            select(PersonRow.person_id)
            .join(UserRow, UserRow.id == PersonRow.person_id)
            .where(PersonRow.research_consent_at.is_not(None), UserRow.role == Role.PERSON.value)
            .order_by(PersonRow.person_id)
        )
        return list(self._s.scalars(query))

    def add_note(self, note: ClinicianNote) -> bool:
        return add_unless_exists(
            self._s,
            ClinicianNoteRow(
                id=note.id,
                person_id=note.person_id,
                author_id=note.author_id,
                written_at=note.written_at,
                text=note.text,
                fingerprint=note.fingerprint,
            ),
        )

    def _notes(self, *conditions: object) -> list[ClinicianNote]:
        query = (
            select(ClinicianNoteRow, UserRow.name)
            .join(UserRow, UserRow.id == ClinicianNoteRow.author_id)
            .where(and_(*conditions))  # type: ignore[arg-type]
            .order_by(ClinicianNoteRow.written_at.desc(), ClinicianNoteRow.id.desc())
        )
        return [
            ClinicianNote(
                id=row.id,
                person_id=row.person_id,
                author_id=row.author_id,
                author_name=name,
                written_at=row.written_at,
                text=row.text,
                fingerprint=row.fingerprint,
            )
            for row, name in self._s.execute(query)
        ]

    def get_note(self, note_id: str) -> ClinicianNote | None:
        found = self._notes(ClinicianNoteRow.id == note_id)
        return found[0] if found else None

    def notes_for(
        self, person_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[ClinicianNote]:
        """Newest first; within [start, end) when given."""
        conditions: list[object] = [ClinicianNoteRow.person_id == person_id]
        if start is not None:
            conditions.append(ClinicianNoteRow.written_at >= start)
        if end is not None:
            conditions.append(ClinicianNoteRow.written_at < end)
        return self._notes(*conditions)
