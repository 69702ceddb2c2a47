"""The clinician's dashboard: their persons sorted by risk, each with the reason for its place.

The order is the shared triage order of `domain.foundation.alerts.TRIAGE_RANK` applied to each
person's
unacknowledged alerts: red flags first, then severe or rising withdrawal, taper holds,
interactions, failed lab certificates, darkening skin, missed check-ins; persons with nothing
open come last. Within a rank the most recently raised alert comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from speciosa.domain.foundation.alerts import (
    KIND_LABELS,
    TRIAGE_RANK,
    AlertKind,
    Severity,
    severity_of_rank,
)
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

# Persons without an open alert sort after every alert kind.
NOTHING_OPEN_RANK = max(TRIAGE_RANK.values()) + 1
SPARKLINE_DAYS = 14
# A silence that persists ranks as a missed check-in, acknowledged or not, until it ends.
SILENCE_RANK = TRIAGE_RANK[AlertKind.MISSED_CHECKIN]


@dataclass(frozen=True)
class CaseloadEntry:
    """One person who granted the clinician access, with what the missed-check-in rule needs."""

    person_id: str
    name: str
    timezone: str
    disabled: bool
    profile_updated_at: datetime | None  # when the withdrawal profile was last set
    last_checkin_at: datetime | None

    @property
    def in_follow_up(self) -> bool:
        """Only persons in withdrawal follow-up are expected to check in."""
        return self.profile_updated_at is not None or self.last_checkin_at is not None

    def silent_since(self, cutoff: datetime) -> datetime | None:
        """When a silence that is still going on began, if it is older than `cutoff`: the last
        check-in (or, with none, when the profile was set). The database applies the same test
        when it ranks the caseload (`repositories/dashboard.py`)."""
        if self.disabled or not self.in_follow_up:
            return None
        since = self.last_checkin_at or self.profile_updated_at
        return since if since is not None and since <= cutoff else None


@dataclass(frozen=True)
class CaseloadFilter:
    """What the clinician searched for: part of a name, the lead alert's severity, only persons
    with an open alert. Applied by the database, before the page is cut."""

    name: str = ""
    severity: Severity | None = None
    open_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.name or self.severity or self.open_only)


@dataclass(frozen=True)
class NotedCheckIn:
    """A sparkline point and the start of the person's note on that check-in ("" if none)."""

    point: ScoredCheckIn
    note: str


@dataclass(frozen=True)
class CaseloadPage:
    """One page of the caseload in triage order (ranked by the database), with the counts the
    dashboard's header shows."""

    entries: tuple[CaseloadEntry, ...]
    total: int  # persons in the caseload
    needing_attention: int  # persons with at least one open alert


@dataclass(frozen=True)
class OpenAlert:
    """The few columns of an unacknowledged alert the dashboard needs."""

    id: str
    person_id: str
    kind: AlertKind
    title: str
    raised_at: datetime

    @property
    def rank(self) -> int:
        return TRIAGE_RANK[self.kind]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class TriagedPerson:
    person_id: str
    name: str
    rank: int
    alerts: tuple[OpenAlert, ...]  # open alerts, most urgent first
    last_checkin_at: datetime | None
    silent_since: datetime | None = None  # a silence still going on (acknowledged or not)
    counts: Mapping[Severity, int] = field(default_factory=dict)

    @property
    def lead(self) -> OpenAlert | None:
        return self.alerts[0] if self.alerts else None

    @property
    def severity(self) -> Severity | None:
        return severity_of_rank(self.rank) if self.rank != NOTHING_OPEN_RANK else None

    @property
    def reason(self) -> str:
        """Why the person sits where they do (built for the shown rows only)."""
        if (
            self.silent_since is not None
            and self.rank == SILENCE_RANK
            and not any(a.kind is AlertKind.MISSED_CHECKIN for a in self.alerts)
        ):
            # The missed-check-in alert was acknowledged, but the silence goes on.
            lead = f"{KIND_LABELS[AlertKind.MISSED_CHECKIN]}: still no check-in since "
            lead += f"{self.silent_since:%d %b} (acknowledged; shown until the next check-in)"
            more = len(self.alerts)
            return lead + (f" (+{more} more open alert{'s' if more != 1 else ''})" if more else "")
        return reason_for(self.alerts, self.last_checkin_at)


def _urgency(alert: OpenAlert) -> tuple[int, float]:
    return (alert.rank, -alert.raised_at.timestamp())


def reason_for(alerts: Sequence[OpenAlert], last_checkin_at: datetime | None) -> str:
    """Why the person sits where they do, in one line a clinician can act on."""
    if not alerts:
        if last_checkin_at is None:
            return "No open alerts; no check-ins yet."
        return "No open alerts."
    lead = alerts[0]
    more = len(alerts) - 1
    extra = f" (+{more} more open alert{'s' if more != 1 else ''})" if more else ""
    return f"{lead.label}: {lead.title}{extra}"


def count_by_severity(alerts: Iterable[OpenAlert]) -> dict[Severity, int]:
    """Open alerts per severity, most urgent first; severities without one are left out."""
    counts = dict.fromkeys(Severity, 0)
    for alert in alerts:
        counts[severity_of_rank(alert.rank)] += 1
    return {severity: n for severity, n in counts.items() if n}


def triage_caseload(
    entries: Iterable[CaseloadEntry],
    alerts: Iterable[OpenAlert],
    silent: Mapping[str, datetime] | None = None,
) -> list[TriagedPerson]:
    """Every entry, most urgent first; each with its open alerts and the reason for its place.
    A person in `silent` (person id -> when the silence began) ranks at least as a missed
    check-in even when its alert was acknowledged: the condition persists until it ends."""
    silent = silent or {}
    by_person: dict[str, list[OpenAlert]] = {}
    for alert in alerts:
        by_person.setdefault(alert.person_id, []).append(alert)
    triaged = []
    for entry in entries:
        mine = sorted(by_person.get(entry.person_id, []), key=_urgency)
        since = silent.get(entry.person_id)
        ranks = [mine[0].rank] if mine else []
        ranks += [SILENCE_RANK] if since is not None else []
        triaged.append(
            TriagedPerson(
                person_id=entry.person_id,
                name=entry.name,
                rank=min(ranks, default=NOTHING_OPEN_RANK),
                alerts=tuple(mine),
                last_checkin_at=entry.last_checkin_at,
                silent_since=since,
                counts=count_by_severity(mine),
            )
        )

    def order(person: TriagedPerson) -> tuple[int, float, str, str]:
        newest = -person.alerts[0].raised_at.timestamp() if person.alerts else 0.0
        return (person.rank, newest, person.name.lower(), person.person_id)

    return sorted(triaged, key=order)
