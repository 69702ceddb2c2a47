"""The clinician dashboard: every person who granted the clinician access, sorted by risk, with
the reason for each place and a 14-day sparkline.

Built to stay fast for a caseload of a thousand persons with months of history: a fixed number
of queries whatever the caseload (the caseload with each last check-in; the open alerts; the
existing missed-check-in keys; the sparkline check-ins of the shown page), never one per person.
The missed-check-in rule (`domain.withdrawal.alert_rules.check_missed`, the rule
`WithdrawalService.sweep_missed_for_clinician` applies) runs here on that one caseload read, so a
silent gap is flagged when the dashboard loads. Each person shown is audited as a read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from speciosa.domain.accounts import Actor
from speciosa.domain.alerts import Alert, AlertDraft
from speciosa.domain.audit import AuditAction
from speciosa.domain.dashboard import (
    SPARKLINE_DAYS,
    CaseloadEntry,
    OpenAlert,
    TriagedPerson,
    triage_caseload,
)
from speciosa.domain.errors import AccessDenied, InvalidInput
from speciosa.domain.withdrawal.alert_rules import check_missed
from speciosa.domain.withdrawal.checkins import DailyTotal, ScoredCheckIn, summarise_days
from speciosa.services.alerts import AlertService
from speciosa.services.audit import AuditTrail, audit_event
from speciosa.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal import WithdrawalService

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class DashboardRow:
    person: TriagedPerson
    tz: tzinfo
    start: date  # the sparkline's first local day
    end: date  # today, in the person's time zone
    days: tuple[DailyTotal, ...]  # highest total per local day and instrument


@dataclass(frozen=True)
class Dashboard:
    rows: tuple[DashboardRow, ...]
    total: int  # persons in the caseload
    page: int
    pages: int
    needing_attention: int  # persons with at least one open alert
    generated_at: datetime


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

    def load(self, actor: Actor, page: int = 1) -> Dashboard:
        if not actor.is_clinician:
            raise AccessDenied("The dashboard is for clinicians.")
        if isinstance(page, bool) or not 1 <= page <= MAX_PAGE:
            raise InvalidInput(f"page must be a whole number from 1 to {MAX_PAGE}.", field="page")
        now = self._clock.now()
        # The widest window any zone needs: 14 local days ending today (UTC-12 .. UTC+14).
        since = now - timedelta(days=SPARKLINE_DAYS + 1)
        with self._uow_factory(read_only=True) as uow:
            entries = uow.dashboard.caseload(actor.user_id)
            open_alerts = uow.dashboard.open_alerts(actor.user_id)
            drafts = self._missed_drafts(uow, entries, now)
            # New missed-check-in alerts rank with the rest before they are stored below.
            pending = [OpenAlert(d.dedupe_key, d.person_id, d.kind, d.title, now) for d in drafts]
            triaged = triage_caseload(entries, open_alerts + pending)
            pages = max(1, -(-len(triaged) // self.page_size))
            page = min(page, pages)
            shown = triaged[(page - 1) * self.page_size : page * self.page_size]
            points = uow.dashboard.scored_for_persons(
                [p.person_id for p in shown], since, now + timedelta(days=1)
            )
        if drafts:
            raised = {a.dedupe_key: a.id for a in self._raise(drafts)}
            shown = [self._with_ids(p, raised) for p in shown]
        zones = {e.person_id: e.timezone for e in entries}
        by_person: dict[str, list[ScoredCheckIn]] = {}
        for point in points:
            by_person.setdefault(point.person_id, []).append(point)
        rows = tuple(
            self._row(p, zone(zones[p.person_id]), by_person.get(p.person_id, []), now)
            for p in shown
        )
        self._audit_shown(actor, [p.person_id for p in shown])
        return Dashboard(
            rows=rows,
            total=len(triaged),
            page=page,
            pages=pages,
            needing_attention=sum(1 for p in triaged if p.alerts),
            generated_at=now,
        )

    def _missed_drafts(
        self, uow: UnitOfWork, entries: Sequence[CaseloadEntry], now: datetime
    ) -> list[AlertDraft]:
        rules = self._withdrawal.rules
        drafts = []
        for entry in entries:
            if entry.disabled or not entry.in_follow_up:
                continue
            since = entry.profile_updated_at or now
            drafts += check_missed(rules, entry.person_id, entry.last_checkin_at, since, now)
        if not drafts:
            return []
        existing = uow.dashboard.existing_dedupe_keys([d.dedupe_key for d in drafts])
        return [d for d in drafts if d.dedupe_key not in existing]

    def _raise(self, drafts: list[AlertDraft]) -> list[Alert]:
        with self._uow_factory() as uow:
            raised = self._alerts.raise_drafts(uow, drafts)  # the dedupe key settles any race
            uow.commit()
        return raised

    @staticmethod
    def _with_ids(person: TriagedPerson, raised: dict[str, str]) -> TriagedPerson:
        """Pending alerts carried their dedupe key as id until stored; give them their ids (a
        draft another request stored first keeps its key and is acknowledged from the person's
        page)."""
        alerts = tuple(replace(a, id=raised.get(a.id, a.id)) for a in person.alerts)
        return replace(person, alerts=alerts)

    @staticmethod
    def _row(
        person: TriagedPerson, tz: tzinfo, points: Sequence[ScoredCheckIn], now: datetime
    ) -> DashboardRow:
        end = now.astimezone(tz).date()
        start = end - timedelta(days=SPARKLINE_DAYS - 1)
        days = tuple(d for d in summarise_days(points, tz) if start <= d.day <= end)
        return DashboardRow(person, tz, start, end, days)

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
