"""The timeline of a report: everything that happened in the period on one time axis, one lane
per kind of record, and the same events grouped by local day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from speciosa.domain.reports.period import PersonReport


class Lane(StrEnum):
    """The rows of the timeline, in the order they are drawn."""

    CHECKIN = "checkin"
    DOSE = "dose"
    PLAN = "plan"
    COA = "coa"
    PHOTO = "photo"
    ALERT = "alert"
    NOTE = "note"


LANE_LABELS = {
    Lane.CHECKIN: "Check-ins",
    Lane.DOSE: "Doses",
    Lane.PLAN: "Plan",
    Lane.COA: "Lab certificates",
    Lane.PHOTO: "Skin photos",
    Lane.ALERT: "Alerts",
    Lane.NOTE: "Notes",
}


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    lane: Lane
    title: str
    detail: str = ""
    warning: bool = False  # drawn and listed as needing attention
    ref: str = ""  # the record's id, for links


def _local_noon(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(12), tzinfo=tz)


def timeline_events(report: PersonReport) -> list[TimelineEvent]:
    """Everything that happened in the period on one time axis, newest first."""
    tz = report.tz
    first = datetime.combine(report.period.start, time(0), tzinfo=tz)
    last = datetime.combine(report.period.end + timedelta(days=1), time(0), tzinfo=tz)
    events: list[TimelineEvent] = []
    for c in report.checkins:
        band = f" — {c.band}" if c.band else ""
        events.append(
            TimelineEvent(
                c.taken_at,
                Lane.CHECKIN,
                f"{c.instrument.upper()} {c.total}/{c.max_total}{band}",
                ("rated by a clinician" if c.rated_by_clinician else "self-report")
                + (f"; note: “{c.note.strip()}”" if c.note.strip() else ""),
                warning=c.band.startswith(("severe", "moderately severe")),
                ref=c.id,
            )
        )
    for d in report.dosing.doses:
        mg = f"; {d.mitragynine_mg:g} mg mitragynine" if d.mitragynine_mg is not None else ""
        events.append(
            TimelineEvent(
                d.taken_at, Lane.DOSE, f"{d.amount:g} {d.unit} {d.label}", mg.lstrip("; "), ref=d.id
            )
        )
    for s in report.dosing.plan_steps:
        events.append(
            TimelineEvent(
                _local_noon(s.on, tz),
                Lane.PLAN,
                f"Plan step {s.index}: {s.amount:g} {s.unit}/day",
                s.status,
                warning=s.status == "held",
                ref=s.plan_id,
            )
        )
    for h in report.dosing.holds:
        events.append(
            TimelineEvent(h.at, Lane.PLAN, "Reduction held", h.reason, warning=True, ref=h.plan_id)
        )
    for coa in report.coas:
        if coa.uploaded_at is None:
            continue
        events.append(
            TimelineEvent(
                coa.uploaded_at,
                Lane.COA,
                f"Certificate {coa.verdict.upper()}: {coa.product}",
                "; ".join(coa.reasons),
                warning=coa.verdict == "fail",
                ref=coa.certificate_id or "",
            )
        )
    for p in report.photos:
        change = f"ΔL* {p.delta_l:+.1f}" if p.delta_l is not None else "not calibrated"
        events.append(
            TimelineEvent(p.taken_at, Lane.PHOTO, f"Skin photo: {p.site}", change, ref=p.id)
        )
    for a in report.alerts:
        state = "open" if a.open else "acknowledged"
        events.append(
            TimelineEvent(
                a.raised_at, Lane.ALERT, f"{a.label}: {a.title}", state, warning=a.open, ref=a.id
            )
        )
    for n in report.notes:
        events.append(
            TimelineEvent(n.written_at, Lane.NOTE, f"Note by {n.author}", n.text, ref=n.id)
        )
    shown = [e for e in events if first <= e.at < last]
    return sorted(shown, key=lambda e: (e.at, list(Lane).index(e.lane)), reverse=True)


def days_of(events: Sequence[TimelineEvent], tz: tzinfo) -> list[tuple[date, list[TimelineEvent]]]:
    """Events grouped by local day, newest day first (events keep their order)."""
    grouped: dict[date, list[TimelineEvent]] = {}
    for event in events:
        grouped.setdefault(event.at.astimezone(tz).date(), []).append(event)
    return sorted(grouped.items(), key=lambda item: item[0], reverse=True)
