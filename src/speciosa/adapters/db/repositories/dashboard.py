"""The clinician dashboard's reads: a fixed number of queries whatever the caseload, and only
the shown page comes back.

The triage order is computed by the database (the statement is in `caseload_queries`). Silent
persons (the missed-check-in rule) are found by the database too, so a caseload of a thousand
persons costs a few index probes each, not a thousand Python objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.repositories.caseload_queries import (
    caseload_entry,
    caseload_of,
    last_checkin,
    triage_query,
)
from speciosa.adapters.db.rows.base import UtcDateTime
from speciosa.adapters.db.rows.foundation import AlertRow, AuditRow, PersonRow, UserRow
from speciosa.adapters.db.rows.withdrawal import CheckInRow, WithdrawalProfileRow
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.reports.dashboard import (
    CaseloadEntry,
    CaseloadFilter,
    CaseloadPage,
    NotedCheckIn,
    OpenAlert,
)
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

NOTE_EXCERPT = 160  # characters of a check-in note the dashboard row shows


class SqlDashboardRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def silent_persons(self, clinician_id: str, cutoff: datetime) -> list[CaseloadEntry]:
        """The silent persons (see `silences`) whose silence no alert has flagged yet."""
        return [entry for entry, flagged in self.silences(clinician_id, cutoff) if not flagged]

    def silences(self, clinician_id: str, cutoff: datetime) -> list[tuple[CaseloadEntry, bool]]:
        """One query: the persons in follow-up (a withdrawal profile or a check-in), not
        disabled, silent since `cutoff` or earlier (no check-in after it; with none at all, a
        profile set by then), each with whether a missed-check-in alert has flagged this
        silence (one raised since it began; the alert's dedupe key still settles any race) —
        flagged or not, acknowledged or not, the silence goes on. The first test is one index
        probe per person, and most persons fail it there."""
        at_cutoff = bindparam("cutoff", cutoff, type_=UtcDateTime())
        checked_in_since = exists().where(
            CheckInRow.person_id == UserRow.id, CheckInRow.taken_at > at_cutoff
        )
        any_checkin = exists().where(CheckInRow.person_id == UserRow.id)
        last = last_checkin(UserRow.id)
        flagged = exists().where(
            AlertRow.person_id == UserRow.id,
            AlertRow.kind == AlertKind.MISSED_CHECKIN.value,
            AlertRow.raised_at >= func.coalesce(last, WithdrawalProfileRow.updated_at),
        )
        query = (
            caseload_of(
                clinician_id,
                UserRow.id,
                UserRow.name,
                UserRow.disabled,
                PersonRow.timezone,
                WithdrawalProfileRow.updated_at,
                last.label("last_checkin_at"),
                flagged.label("flagged"),
            )
            .outerjoin(PersonRow, PersonRow.person_id == UserRow.id)
            .outerjoin(WithdrawalProfileRow, WithdrawalProfileRow.person_id == UserRow.id)
        ).where(
            UserRow.disabled.is_(False),
            ~checked_in_since,
            # The profile test first: it spares most persons the second probe.
            or_(WithdrawalProfileRow.updated_at <= at_cutoff, any_checkin),
        )
        return [(caseload_entry(row), bool(row.flagged)) for row in self._s.execute(query)]

    def triage_page(
        self,
        clinician_id: str,
        offset: int,
        limit: int,
        wanted: CaseloadFilter | None = None,
        silent: Sequence[str] = (),
    ) -> CaseloadPage:
        """One query: the caseload in triage order, rows offset..offset+limit only, with the
        caseload's size and the number of persons needing attention (window counts). `wanted`
        narrows the caseload (name, lead severity, open alerts) before the page is cut. The
        persons in `silent` (from `silences`, found by the same load) rank at least as a missed
        check-in, acknowledged or not, until they check in again. (Probing the check-ins for
        that inside this statement doubled its time on PostgreSQL; an id list costs nothing.)

        Each person's lead rank and the newest open alert of that rank are correlated lookups
        on the (person_id, acknowledged_at) index: a fixed cost per person and a plan that does
        not depend on the planner's estimates (an aggregate joined to the caseload became a
        nested loop over the aggregate on PostgreSQL without fresh statistics)."""
        postgres = self._s.get_bind().dialect.name == "postgresql"
        query = triage_query(clinician_id, offset, limit, wanted, silent, postgres=postgres)
        rows = self._s.execute(query).all()
        if not rows:
            if offset == 0:  # nothing matches: no need to count again
                return CaseloadPage((), 0, 0)
            return CaseloadPage((), *self.caseload_counts(clinician_id, wanted, silent))
        return CaseloadPage(
            tuple(caseload_entry(r) for r in rows), int(rows[0].total), int(rows[0].attention)
        )

    def caseload_counts(
        self, clinician_id: str, wanted: CaseloadFilter | None = None, silent: Sequence[str] = ()
    ) -> tuple[int, int]:
        """(persons in the caseload, persons needing attention) — only needed for a page past
        the end, where the page query has no row to carry its window counts."""
        page = self.triage_page(clinician_id, 0, 1, wanted, silent)
        return page.total, page.needing_attention

    def open_alerts_of(self, person_ids: Sequence[str]) -> list[OpenAlert]:
        """One query: the unacknowledged alerts of the shown persons."""
        if not person_ids:
            return []
        query = select(
            AlertRow.id, AlertRow.person_id, AlertRow.kind, AlertRow.title, AlertRow.raised_at
        ).where(AlertRow.person_id.in_(list(person_ids)), AlertRow.acknowledged_at.is_(None))
        return [
            OpenAlert(r.id, r.person_id, AlertKind(r.kind), r.title, r.raised_at)
            for r in self._s.execute(query)
        ]

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[NotedCheckIn]:
        """One query: the scored check-ins of several persons with start <= taken_at < end,
        each with the start of its note."""
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
                func.substr(CheckInRow.note, 1, NOTE_EXCERPT).label("note"),
            )
            .where(
                CheckInRow.person_id.in_(list(person_ids)),
                CheckInRow.taken_at >= start,
                CheckInRow.taken_at < end,
                CheckInRow.status == RecordStatus.CURRENT.value,  # not corrected or in error
            )
            .order_by(CheckInRow.person_id, CheckInRow.taken_at, CheckInRow.id)
        )
        return [
            NotedCheckIn(ScoredCheckIn(*row[:6]), row.note or "") for row in self._s.execute(query)
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
