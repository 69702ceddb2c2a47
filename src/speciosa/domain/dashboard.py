"""The clinician's dashboard: their persons sorted by risk, each with the reason for its place.

The order is the shared triage order of `domain.alerts.TRIAGE_RANK` applied to each person's
unacknowledged alerts: red flags first, then severe or rising withdrawal, taper holds,
interactions, failed lab certificates, darkening skin, missed check-ins; persons with nothing
open come last. Within a rank the most recently raised alert comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.alerts import KIND_LABELS, TRIAGE_RANK, AlertKind

# Persons without an open alert sort after every alert kind.
NOTHING_OPEN_RANK = max(TRIAGE_RANK.values()) + 1
SPARKLINE_DAYS = 14


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

    @property
    def lead(self) -> OpenAlert | None:
        return self.alerts[0] if self.alerts else None

    @property
    def reason(self) -> str:
        """Why the person sits where they do (built for the shown rows only)."""
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


def triage_caseload(
    entries: Iterable[CaseloadEntry], alerts: Iterable[OpenAlert]
) -> list[TriagedPerson]:
    """Every entry, most urgent first; each with its open alerts and the reason for its place."""
    by_person: dict[str, list[OpenAlert]] = {}
    for alert in alerts:
        by_person.setdefault(alert.person_id, []).append(alert)
    triaged = []
    for entry in entries:
        mine = sorted(by_person.get(entry.person_id, []), key=_urgency)
        triaged.append(
            TriagedPerson(
                person_id=entry.person_id,
                name=entry.name,
                rank=mine[0].rank if mine else NOTHING_OPEN_RANK,
                alerts=tuple(mine),
                last_checkin_at=entry.last_checkin_at,
            )
        )

    def order(person: TriagedPerson) -> tuple[int, float, str, str]:
        newest = -person.alerts[0].raised_at.timestamp() if person.alerts else 0.0
        return (person.rank, newest, person.name.lower(), person.person_id)

    return sorted(triaged, key=order)
