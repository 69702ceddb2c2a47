"""The clinician dashboard: every person who granted the clinician access, sorted by risk, with
the reason for each place and a 14-day sparkline.

Built to stay fast for a caseload of a thousand persons with months of history: a fixed number
of queries whatever the caseload, each returning only what is shown — the silent persons not yet
flagged (the missed-check-in rule, `domain.withdrawal.alert_rules.check_missed`, the rule
`WithdrawalService.sweep_missed_for_clinician` applies, so a silent gap is flagged when the
dashboard loads); the shown page, ranked by the database with the caseload's counts; the open
alerts and the sparkline check-ins of the shown persons. Each person shown is audited as a read,
in one multi-row insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import AlertDraft
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, InvalidInput
from speciosa.domain.reports.dashboard import (
    SPARKLINE_DAYS,
    CaseloadFilter,
    NotedCheckIn,
    TriagedPerson,
    triage_caseload,
)
from speciosa.domain.withdrawal.alert_rules import check_missed
from speciosa.domain.withdrawal.checkins import DailyTotal, ScoredCheckIn, summarise_days
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail, audit_event
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal.course import WithdrawalService

PAGE_SIZE = 50
MAX_PAGE = 10_000
MAX_SEARCH = 120  # the longest name an account may have


@dataclass(frozen=True)
class DashboardRow:
    person: TriagedPerson
    tz: tzinfo
    start: date  # the sparkline's first local day
    end: date  # today, in the person's time zone
    days: tuple[DailyTotal, ...]  # highest total per local day and instrument
    latest_note: NotedCheckIn | None = None  # the newest check-in note in the sparkline window


@dataclass(frozen=True)
class Dashboard:
    rows: tuple[DashboardRow, ...]
    total: int  # persons in the caseload
    page: int
    pages: int
    needing_attention: int  # persons with an open alert or a persisting silence
    generated_at: datetime
    wanted: CaseloadFilter = field(default_factory=CaseloadFilter)


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


class DashboardService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        audit: AuditTrail,
        alerts: AlertService,
        withdrawal: WithdrawalService,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._audit = audit
        self._alerts = alerts
        self._withdrawal = withdrawal
        self.page_size = page_size

    def load(self, actor: Actor, page: int = 1, wanted: CaseloadFilter | None = None) -> Dashboard:
        if not actor.is_clinician:
            raise AccessDenied("The dashboard is for clinicians.")
        if isinstance(page, bool) or not 1 <= page <= MAX_PAGE:
            raise InvalidInput(f"page must be a whole number from 1 to {MAX_PAGE}.", field="page")
        wanted = wanted or CaseloadFilter()
        if len(wanted.name) > MAX_SEARCH:
            raise InvalidInput(f"Search for at most {MAX_SEARCH} characters of a name.", field="q")
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            drafts, silent = self._missed_drafts(uow, actor.user_id, now)
            if not drafts:
                loaded = self._page(uow, actor.user_id, page, now, wanted, silent)
        if drafts:
            # New missed-check-in alerts are stored first, so they rank with the rest; a fresh
            # read transaction sees them (a SQLite read keeps the snapshot it started with).
            self._raise(drafts)
            with self._uow_factory(read_only=True) as uow:
                loaded = self._page(uow, actor.user_id, page, now, wanted, silent)
        self._audit_shown(actor, [row.person.person_id for row in loaded.rows])
        return loaded

    def _page(
        self,
        uow: UnitOfWork,
        clinician_id: str,
        page: int,
        now: datetime,
        wanted: CaseloadFilter,
        silent_ids: list[str],
    ) -> Dashboard:
        """The requested page (the last one if it is past the end), ranked by the database;
        the open alerts and the sparkline check-ins of the shown persons only."""
        size = self.page_size
        cutoff = now - timedelta(days=self._withdrawal.rules.missed.days)
        found = uow.dashboard.triage_page(clinician_id, (page - 1) * size, size, wanted, silent_ids)
        pages = max(1, -(-found.total // size))
        if page > pages:
            page = pages
            found = uow.dashboard.triage_page(
                clinician_id, (page - 1) * size, size, wanted, silent_ids
            )
        ids = [e.person_id for e in found.entries]
        # The widest window any zone needs: 14 local days ending today (UTC-12 .. UTC+14).
        since = now - timedelta(days=SPARKLINE_DAYS + 1)
        alerts = uow.dashboard.open_alerts_of(ids)
        points = uow.dashboard.scored_for_persons(ids, since, now + timedelta(days=1))
        # Each shown person's alerts in urgency order and the reason for its place; the rows
        # keep the database's order (the same key, applied to the whole caseload).
        silences = {e.person_id: e.silent_since(cutoff) for e in found.entries}
        silent = {person: began for person, began in silences.items() if began is not None}
        triaged = {p.person_id: p for p in triage_caseload(found.entries, alerts, silent)}
        by_person: dict[str, list[NotedCheckIn]] = {}
        for point in points:
            by_person.setdefault(point.point.person_id, []).append(point)
        rows = tuple(
            self._row(triaged[e.person_id], zone(e.timezone), by_person.get(e.person_id, []), now)
            for e in found.entries
        )
        return Dashboard(
            rows=rows,
            total=found.total,
            page=page,
            pages=pages,
            needing_attention=found.needing_attention,
            generated_at=now,
            wanted=wanted,
        )

    def _missed_drafts(
        self, uow: UnitOfWork, clinician_id: str, now: datetime
    ) -> tuple[list[AlertDraft], list[str]]:
        """The missed-check-in rule applied to the persons the database finds silent and not
        yet flagged (a few at most, whatever the caseload); and every silent person, flagged or
        acknowledged, whose silence ranks until it ends."""
        rules = self._withdrawal.rules
        cutoff = now - timedelta(days=rules.missed.days)
        drafts = []
        silent = []
        for entry, flagged in uow.dashboard.silences(clinician_id, cutoff):
            silent.append(entry.person_id)
            if not flagged:
                since = entry.profile_updated_at or now
                drafts += check_missed(rules, entry.person_id, entry.last_checkin_at, since, now)
        return drafts, silent

    def _raise(self, drafts: list[AlertDraft]) -> None:
        with self._uow_factory() as uow:
            self._alerts.raise_drafts(uow, drafts)  # the dedupe key settles any race
            uow.commit()

    @staticmethod
    def _row(
        person: TriagedPerson, tz: tzinfo, points: Sequence[NotedCheckIn], now: datetime
    ) -> DashboardRow:
        end = now.astimezone(tz).date()
        start = end - timedelta(days=SPARKLINE_DAYS - 1)
        scored: list[ScoredCheckIn] = [p.point for p in points]
        days = tuple(d for d in summarise_days(scored, tz) if start <= d.day <= end)
        noted = [
            p for p in points if p.note.strip() and p.point.taken_at.astimezone(tz).date() >= start
        ]
        latest = max(noted, key=lambda p: p.point.taken_at, default=None)
        return DashboardRow(person, tz, start, end, days, latest)

    def _audit_shown(self, actor: Actor, person_ids: list[str]) -> None:
        """One read row per person whose summary is shown, committed before it is returned."""
        if not person_ids:
            return
        events = [
            audit_event(
                actor, AuditAction.READ, "dashboard_summary", at_clock=self._clock, person_id=p
            )
            for p in person_ids
        ]
        with self._uow_factory() as uow:
            uow.dashboard.add_audit_events(events)
            uow.commit()
