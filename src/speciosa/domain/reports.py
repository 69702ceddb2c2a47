"""One model of a person's period, rendered three ways: the clinician's web page, the PDF report
and the FHIR R4 Bundle (and, row by row, the cohort export). Every number any rendering shows is
in this model, so the three cannot disagree.

Pure: frozen dataclasses built by `services.reports` from the features' records, and the
functions that derive views of them (trend summaries, the timeline on one time axis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from speciosa.domain.alerts import Alert
from speciosa.domain.instruments.definitions import Band, Instrument
from speciosa.domain.pigmentation.trend import SiteTrend
from speciosa.domain.precautions.interactions import Interaction
from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.domain.withdrawal.course import ExpectedCourse
from speciosa.domain.withdrawal.profile import WithdrawalProfile

DEFAULT_REPORT_DAYS = 90
MAX_REPORT_DAYS = 366


@dataclass(frozen=True)
class ReportPerson:
    id: str
    name: str
    email: str
    programme_start: date
    timezone: str
    jurisdiction: str | None


@dataclass(frozen=True)
class ReportPeriod:
    """Local calendar days, both inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def described(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y} ({self.days} days)"


@dataclass(frozen=True)
class ReportAnswer:
    """One scored item: the option's score is what the total is the sum of."""

    item_id: str
    item_text: str
    score: int
    option_text: str


@dataclass(frozen=True)
class ReportMeasurement:
    """A number recorded beside the scored items (the COWS pulse in beats per minute)."""

    id: str
    value: int
    unit: str


@dataclass(frozen=True)
class ReportCheckIn:
    id: str
    instrument: str
    taken_at: datetime
    total: int
    max_total: int
    band: str  # described, with the band's authority; "" when the instrument has no bands
    answers: tuple[ReportAnswer, ...]
    measurements: tuple[ReportMeasurement, ...]
    note: str
    rated_by_clinician: bool

    @property
    def answers_sum(self) -> int:
        return sum(a.score for a in self.answers)


@dataclass(frozen=True)
class InstrumentTrend:
    """One instrument's daily totals (the highest total of each local day) in the period."""

    instrument: str
    title: str
    max_total: int
    bands: tuple[Band, ...]
    days: tuple[DailyTotal, ...]

    @property
    def first(self) -> DailyTotal | None:
        return self.days[0] if self.days else None

    @property
    def latest(self) -> DailyTotal | None:
        return self.days[-1] if self.days else None

    @property
    def peak(self) -> DailyTotal | None:
        return max(self.days, key=lambda d: (d.total, d.day)) if self.days else None

    @property
    def change(self) -> int | None:
        """Latest minus first daily total; negative = easing."""
        return self.days[-1].total - self.days[0].total if len(self.days) > 1 else None

    @property
    def described(self) -> str:
        first, latest, peak = self.first, self.latest, self.peak
        if first is None or latest is None or peak is None:
            return f"No {self.instrument.upper()} check-ins in this period."
        if first is latest:
            return f"One day with a {self.instrument.upper()} check-in: {latest.total}."
        direction = (
            "down" if latest.total < first.total else "up" if latest.total > first.total else "flat"
        )
        return (
            f"{len(self.days)} days with a check-in; first {first.total} ({first.day:%d %b}), "
            f"peak {peak.total} ({peak.day:%d %b}), latest {latest.total} ({latest.day:%d %b}) — "
            f"{direction} {abs(latest.total - first.total)} of {self.max_total}."
        )


class DoseKind(StrEnum):
    KRATOM = "kratom"
    OPIOID = "opioid"


@dataclass(frozen=True)
class ReportDose:
    """A logged dose, as the dose journal gives it (through the dose-history read port)."""

    id: str
    taken_at: datetime
    kind: DoseKind
    label: str  # the product ("Vendor Product, lot L") or the opioid's name
    amount: float
    unit: str  # "g", "capsule", "mL", "mg"
    grams: float | None = None  # kratom leaf grams, after converting capsules or millilitres
    mitragynine_mg: float | None = None
    hydroxymitragynine_mg: float | None = None
    route: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReportPlanStep:
    """A step of a clinician-approved taper plan."""

    plan_id: str
    index: int
    on: date
    amount: float
    unit: str
    status: str = "planned"  # planned | current | held | done


@dataclass(frozen=True)
class ReportHold:
    """A reduction the plan held (never reversed) because symptoms rose."""

    plan_id: str
    at: datetime
    reason: str
    step_on: date | None = None


@dataclass(frozen=True)
class DoseHistory:
    doses: tuple[ReportDose, ...] = ()
    plan_steps: tuple[ReportPlanStep, ...] = ()
    holds: tuple[ReportHold, ...] = ()
    plan_label: str = ""
    available: bool = True  # False when no dose journal is wired in (reports say so)


@dataclass(frozen=True)
class ReportCoa:
    """A product the person bought, with its batch's newest certificate judged at their amount."""

    product: str
    current: bool
    verdict: str  # pass | fail | incomplete | none (no certificate)
    tested_on: date | None
    uploaded_at: datetime | None
    certificate_id: str | None
    reasons: tuple[str, ...]  # the findings that decided a verdict other than pass
    recalls: tuple[str, ...]


@dataclass(frozen=True)
class ReportPhoto:
    id: str
    taken_at: datetime
    site: str
    reference_site: str
    calibrated: bool
    delta_l: float | None


@dataclass(frozen=True)
class ReportNote:
    id: str
    written_at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class PersonReport:
    person: ReportPerson
    period: ReportPeriod
    generated_at: datetime
    tz: tzinfo
    profile: WithdrawalProfile | None
    course: ExpectedCourse | None
    instruments: tuple[Instrument, ...]  # every instrument with a check-in in the period
    checkins: tuple[ReportCheckIn, ...]  # oldest first
    trends: tuple[InstrumentTrend, ...]
    dosing: DoseHistory
    alerts: tuple[Alert, ...]  # raised in the period, or still open; newest first
    coas: tuple[ReportCoa, ...]
    skin: tuple[SiteTrend, ...]
    photos: tuple[ReportPhoto, ...]
    medications: tuple[str, ...]
    interactions: tuple[Interaction, ...]
    notes: tuple[ReportNote, ...]  # newest first

    def trend(self, instrument: str) -> InstrumentTrend | None:
        return next((t for t in self.trends if t.instrument == instrument), None)

    @property
    def open_alerts(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.open)


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
                "rated by a clinician" if c.rated_by_clinician else "self-report",
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


@dataclass(frozen=True)
class DailyDoses:
    day: date
    count: int
    kratom_grams: float | None  # None when no kratom dose that day has a gram amount
    mitragynine_mg: float | None


def daily_doses(doses: Sequence[ReportDose], tz: tzinfo) -> list[DailyDoses]:
    """Doses summed per local day (kratom grams and mitragynine mg), oldest first."""
    days: dict[date, list[ReportDose]] = {}
    for dose in doses:
        days.setdefault(dose.taken_at.astimezone(tz).date(), []).append(dose)
    result = []
    for day, mine in sorted(days.items()):
        grams = [d.grams for d in mine if d.kind is DoseKind.KRATOM and d.grams is not None]
        mg = [d.mitragynine_mg for d in mine if d.mitragynine_mg is not None]
        result.append(
            DailyDoses(
                day,
                len(mine),
                round(sum(grams), 3) if grams else None,
                round(sum(mg), 1) if mg else None,
            )
        )
    return result


@dataclass(frozen=True)
class WeekRow:
    """Seven local days from a Monday; a cell is None outside the period or without a value."""

    monday: date
    cells: tuple[str | None, ...]


def week_grid(period: ReportPeriod, values: dict[date, str]) -> list[WeekRow]:
    """A compact calendar of one value per day (Monday to Sunday rows), oldest week first."""
    monday = period.start - timedelta(days=period.start.weekday())
    rows = []
    while monday <= period.end:
        cells = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            inside = period.start <= day <= period.end
            cells.append(values.get(day) if inside else None)
        rows.append(WeekRow(monday, tuple(cells)))
        monday += timedelta(days=7)
    return rows
