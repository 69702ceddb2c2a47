"""In-memory fakes of the cross-feature read models: the clinician's dashboard and the reads a
person's report needs (with clinician notes). They read the other features' tables in `Store`,
as the SQL repositories join them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.alerts import SEVERITY_RANKS, TRIAGE_RANK, AlertKind
from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.reports.dashboard import (
    NOTHING_OPEN_RANK,
    SILENCE_RANK,
    CaseloadEntry,
    CaseloadFilter,
    CaseloadPage,
    NotedCheckIn,
    OpenAlert,
)
from speciosa.domain.reports.notes import ClinicianNote
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.services.ports.reports_repositories import DashboardRepository, ReportRepository
from tests.fakes.store import Store
from tests.fakes.withdrawal import current_between

NOTE_EXCERPT = 160  # characters of a check-in note a dashboard row shows (as the SQL adapter)


class FakeDashboard:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _caseload(self, clinician_id: str) -> list[CaseloadEntry]:
        """The clinician's persons (an active grant), as dashboard rows."""
        entries = []
        for (person_id, granted_to), consent in self.s.consents.items():
            user = self.s.users.get(person_id, (None, ""))[0]
            if granted_to != clinician_id or not consent.active or user is None:
                continue
            if user.role is not Role.PERSON:
                continue
            profile = self.s.persons.get(person_id)
            withdrawal = self.s.withdrawal_profiles.get(person_id)
            taken = [c.taken_at for c in self.s.checkins.values() if c.person_id == person_id]
            entries.append(
                CaseloadEntry(
                    person_id=person_id,
                    name=user.name,
                    timezone=profile.timezone if profile else "UTC",
                    disabled=user.disabled,
                    profile_updated_at=withdrawal.updated_at if withdrawal else None,
                    last_checkin_at=max(taken, default=None),
                )
            )
        return entries

    def _open(self, person_id: str) -> list[OpenAlert]:
        return [
            OpenAlert(a.id, a.person_id, a.kind, a.title, a.raised_at)
            for a in self.s.alerts.values()
            if a.person_id == person_id and a.acknowledged_at is None
        ]

    def silent_persons(self, clinician_id: str, cutoff: datetime) -> list[CaseloadEntry]:
        return [entry for entry, flagged in self.silences(clinician_id, cutoff) if not flagged]

    def silences(self, clinician_id: str, cutoff: datetime) -> list[tuple[CaseloadEntry, bool]]:
        found = []
        for entry in self._caseload(clinician_id):
            last = entry.last_checkin_at
            set_by_then = (
                entry.profile_updated_at is not None and entry.profile_updated_at <= cutoff
            )
            if entry.disabled or (last is not None and last > cutoff):
                continue
            if not set_by_then and last is None:
                continue
            since = last or entry.profile_updated_at
            flagged = since is not None and any(
                a.person_id == entry.person_id
                and a.kind is AlertKind.MISSED_CHECKIN
                and a.raised_at >= since
                for a in self.s.alerts.values()
            )
            found.append((entry, flagged))
        return found

    def triage_page(
        self,
        clinician_id: str,
        offset: int,
        limit: int,
        wanted: CaseloadFilter | None = None,
        silent: Sequence[str] = (),
    ) -> CaseloadPage:
        wanted = wanted or CaseloadFilter()
        ranked: list[tuple[tuple[int, float, str, str], CaseloadEntry, bool]] = []
        for entry in self._caseload(clinician_id):
            if wanted.name.lower() not in entry.name.lower():
                continue
            alerts = self._open(entry.person_id)
            best = min((TRIAGE_RANK[a.kind] for a in alerts), default=None) if alerts else None
            lead = (
                best if best is not None else (SILENCE_RANK if entry.person_id in silent else None)
            )
            if wanted.severity is not None:
                low, high = SEVERITY_RANKS[wanted.severity]
                if lead is None or not low <= lead <= high:
                    continue
            if wanted.open_only and best is None:
                continue
            newest = max((a.raised_at for a in alerts if TRIAGE_RANK[a.kind] == lead), default=None)
            # Newest first; a row without one (nothing open of its rank) after those with one.
            order = -newest.timestamp() if newest else float("inf")
            key = (
                lead if lead is not None else NOTHING_OPEN_RANK,
                order,
                entry.name.lower(),
                entry.person_id,
            )
            ranked.append((key, entry, lead is not None))
        ranked.sort(key=lambda row: row[0])
        page = tuple(entry for _, entry, _ in ranked[offset : offset + limit])
        return CaseloadPage(page, len(ranked), sum(1 for *_, needs in ranked if needs))

    def open_alerts_of(self, person_ids: Sequence[str]) -> list[OpenAlert]:
        return [a for person_id in person_ids for a in self._open(person_id)]

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[NotedCheckIn]:
        checkins = list(self.s.checkins.values())
        return [
            NotedCheckIn(
                ScoredCheckIn(c.id, c.person_id, c.instrument, c.total, c.band, c.taken_at),
                (c.note or "")[:NOTE_EXCERPT],
            )
            for person_id in sorted(set(person_ids))
            for c in current_between(checkins, person_id, start, end)
        ]

    def add_audit_events(self, events: Sequence[AuditEvent]) -> None:
        for event in events:
            self.s.audit.append(replace(event, id=len(self.s.audit) + 1))


class FakeReports:
    def __init__(self, store: Store) -> None:
        self.s = store

    def checkins_between(self, person_id: str, start: datetime, end: datetime) -> list[CheckIn]:
        return current_between(list(self.s.checkins.values()), person_id, start, end)

    def checkins_in_error_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[CheckIn]:
        return sorted(
            (
                c
                for c in self.s.checkins.values()
                if c.person_id == person_id
                and start <= c.taken_at < end
                and c.status is RecordStatus.ENTERED_IN_ERROR
            ),
            key=lambda c: (c.taken_at, c.id),
        )

    def first_record_at(self, person_id: str) -> datetime | None:
        taken = [
            *(c.taken_at for c in self.s.checkins.values() if c.person_id == person_id),
            *(d.taken_at for d in self.s.doses.values() if d.person_id == person_id),
            *(m.taken_at for m in self.s.skin_measurements.values() if m.person_id == person_id),
            *(n.written_at for n in self.s.notes.values() if n.person_id == person_id),
        ]
        return min(taken, default=None)

    def research_person_ids(self) -> list[str]:
        return sorted(
            p.person_id
            for p in self.s.persons.values()
            if p.research_consent_at is not None
            and (user := self.s.users.get(p.person_id)) is not None
            and user[0].role is Role.PERSON
        )

    def add_note(self, note: ClinicianNote) -> bool:
        if note.id in self.s.notes:
            return False
        self.s.notes[note.id] = note
        return True

    def _with_author(self, note: ClinicianNote) -> ClinicianNote:
        """The author's current name, as the SQL repository joins it from the accounts."""
        author = self.s.users.get(note.author_id)
        return replace(note, author_name=author[0].name) if author else note

    def get_note(self, note_id: str) -> ClinicianNote | None:
        found = self.s.notes.get(note_id)
        return self._with_author(found) if found else None

    def notes_for(
        self, person_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[ClinicianNote]:
        mine = [
            n
            for n in self.s.notes.values()
            if n.person_id == person_id
            and (start is None or n.written_at >= start)
            and (end is None or n.written_at < end)
        ]
        newest_first = sorted(mine, key=lambda n: (n.written_at, n.id), reverse=True)
        return [self._with_author(n) for n in newest_first]


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_dashboard: DashboardRepository = FakeDashboard(Store())
_reports: ReportRepository = FakeReports(Store())
