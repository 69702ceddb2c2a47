"""Repository ports of the cross-feature read models: the clinician's dashboard and a person's
report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.reports.dashboard import (
    CaseloadEntry,
    CaseloadFilter,
    CaseloadPage,
    NotedCheckIn,
    OpenAlert,
)
from speciosa.domain.reports.notes import ClinicianNote
from speciosa.domain.withdrawal.checkins import CheckIn


class DashboardRepository(Protocol):
    """The clinician dashboard's reads: a fixed number of queries for any caseload size."""

    def silent_persons(self, clinician_id: str, cutoff: datetime) -> list[CaseloadEntry]:
        """Persons in follow-up, not disabled, silent since `cutoff` or earlier, whose silence
        no missed-check-in alert has flagged yet."""
        ...

    def silences(self, clinician_id: str, cutoff: datetime) -> list[tuple[CaseloadEntry, bool]]:
        """Every such silent person, with whether an alert has flagged the silence yet."""
        ...

    def triage_page(
        self,
        clinician_id: str,
        offset: int,
        limit: int,
        wanted: CaseloadFilter | None = None,
        silent: Sequence[str] = (),
    ) -> CaseloadPage:
        """The caseload in triage order (`domain.reports.dashboard.triage_caseload`'s key, the
        persons
        in `silent` ranking as a missed check-in), narrowed by `wanted`, only the rows
        offset..offset+limit, with the counts of what matched."""
        ...

    def open_alerts_of(self, person_ids: Sequence[str]) -> list[OpenAlert]:
        """The unacknowledged alerts of the given persons."""
        ...

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[NotedCheckIn]:
        """Scored check-ins of several persons with start <= taken_at < end, with their notes'
        first characters."""
        ...

    def add_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Several audit rows at once (one statement), inside the caller's transaction."""
        ...


class ReportRepository(Protocol):
    """Reads the report model needs beyond the features' own repositories; clinician notes."""

    def checkins_between(self, person_id: str, start: datetime, end: datetime) -> list[CheckIn]:
        """Full check-ins (answers included), oldest first."""
        ...

    def checkins_in_error_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[CheckIn]:
        """Check-ins marked entered in error with start <= taken_at < end (for exports)."""
        ...

    def first_record_at(self, person_id: str) -> datetime | None:
        """When the person's earliest check-in, dose, skin photo or clinician note was taken."""
        ...

    def research_person_ids(self) -> list[str]: ...

    def add_note(self, note: ClinicianNote) -> bool:
        """Store it; False (nothing stored) when a note with this id exists already."""
        ...

    def get_note(self, note_id: str) -> ClinicianNote | None: ...

    def notes_for(
        self, person_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[ClinicianNote]:
        """Newest first."""
        ...
