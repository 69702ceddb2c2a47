"""Reads for the dashboard (a fixed number of queries for any caseload) and the report model,
and the clinician notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, insert, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.repositories.checkins import _checkin
from speciosa.adapters.db.rows.foundation import (
    AlertRow,
    AuditRow,
    ConsentRow,
    PersonRow,
    UserRow,
)
from speciosa.adapters.db.rows.reports import ClinicianNoteRow
from speciosa.adapters.db.rows.withdrawal import CheckInRow, WithdrawalProfileRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.accounts import Role
from speciosa.domain.alerts import AlertKind
from speciosa.domain.audit import AuditEvent
from speciosa.domain.dashboard import CaseloadEntry, OpenAlert
from speciosa.domain.notes import ClinicianNote
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn


def _active_consent(clinician_id: str) -> list[ColumnElement[bool]]:
    return [ConsentRow.clinician_id == clinician_id, ConsentRow.revoked_at.is_(None)]


class SqlDashboardRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def caseload(self, clinician_id: str) -> list[CaseloadEntry]:
        """One query: every person with an active grant to the clinician, with their last
        check-in (a correlated max that walks the (person_id, taken_at) index per person)."""
        last_checkin = (
            select(func.max(CheckInRow.taken_at))
            .where(CheckInRow.person_id == UserRow.id)
            .correlate(UserRow)
            .scalar_subquery()
        )
        query = (
            select(
                UserRow.id,
                UserRow.name,
                UserRow.disabled,
                PersonRow.timezone,
                WithdrawalProfileRow.updated_at,
                last_checkin.label("last_checkin_at"),
            )
            .join(ConsentRow, ConsentRow.person_id == UserRow.id)
            .outerjoin(PersonRow, PersonRow.person_id == UserRow.id)
            .outerjoin(WithdrawalProfileRow, WithdrawalProfileRow.person_id == UserRow.id)
            .where(UserRow.role == Role.PERSON.value, *_active_consent(clinician_id))
        )
        # The scalar subquery loses the column type, so its value is converted here.
        column = CheckInRow.__table__.c.taken_at
        convert = column.type.result_processor(self._s.get_bind().dialect, None)
        entries = []
        for row in self._s.execute(query):
            last = row.last_checkin_at
            if last is not None and convert is not None:
                last = convert(last)
            entries.append(
                CaseloadEntry(
                    person_id=row.id,
                    name=row.name,
                    timezone=row.timezone or "UTC",
                    disabled=bool(row.disabled),
                    profile_updated_at=row.updated_at,
                    last_checkin_at=last,
                )
            )
        return entries

    def open_alerts(self, clinician_id: str) -> list[OpenAlert]:
        """One query: the unacknowledged alerts of all the clinician's persons."""
        query = (
            select(
                AlertRow.id, AlertRow.person_id, AlertRow.kind, AlertRow.title, AlertRow.raised_at
            )
            .join(ConsentRow, ConsentRow.person_id == AlertRow.person_id)
            .where(AlertRow.acknowledged_at.is_(None), *_active_consent(clinician_id))
        )
        return [
            OpenAlert(r.id, r.person_id, AlertKind(r.kind), r.title, r.raised_at)
            for r in self._s.execute(query)
        ]

    def existing_dedupe_keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        query = select(AlertRow.dedupe_key).where(AlertRow.dedupe_key.in_(list(keys)))
        return set(self._s.scalars(query))

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[ScoredCheckIn]:
        """One query: the scored check-ins of several persons with start <= taken_at < end."""
        if not person_ids:
            return []
        query = (
            select(
                CheckInRow.id,
                CheckInRow.person_id,
                CheckInRow.instrument,
                CheckInRow.total,
                CheckInRow.band,
                CheckInRow.taken_at,
            )
            .where(
                CheckInRow.person_id.in_(list(person_ids)),
                CheckInRow.taken_at >= start,
                CheckInRow.taken_at < end,
            )
            .order_by(CheckInRow.person_id, CheckInRow.taken_at, CheckInRow.id)
        )
        return [
            ScoredCheckIn(r.id, r.person_id, r.instrument, r.total, r.band, r.taken_at)
            for r in self._s.execute(query)
        ]

    def add_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """The dashboard's read rows in one multi-row INSERT (the audit repository flushes one
        row at a time, which costs a round trip per person shown)."""
        if not events:
            return
        self._s.execute(
            insert(AuditRow),
            [
                {
                    "at": e.at,
                    "actor_id": e.actor_id,
                    "actor_role": e.actor_role,
                    "action": e.action.value,
                    "resource": e.resource,
                    "resource_id": e.resource_id,
                    "person_id": e.person_id,
                    "address": e.address[:64],
                    "detail": e.detail,
                }
                for e in events
            ],
        )


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
            )
            .order_by(CheckInRow.taken_at, CheckInRow.id)
        )
        return [_checkin(r) for r in self._s.scalars(query)]

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
