"""One model of a person's period, rendered three ways: the clinician's web page, the PDF report
and the FHIR R4 Bundle (and, row by row, the cohort export). Every number any rendering shows is
in this model, so the three cannot disagree.

Pure: frozen dataclasses built by `services.reports` from the features' records, and the
views derived from them (trend summaries, the week grid). Dosing in a report is in
`domain.reports.dosing`; the timeline on one time axis in `domain.reports.timeline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.pigmentation.trend import SiteTrend
from speciosa.domain.precautions.interactions import Interaction
from speciosa.domain.reports.dosing import DoseHistory
from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.domain.withdrawal.course import ExpectedCourse
from speciosa.domain.withdrawal.instruments.definitions import Band, Instrument
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
    status: str = "current"  # current | entered_in_error (corrections, issue 12)

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
    # Check-ins marked entered in error in the period: exported (FHIR) as such, never charted.
    checkins_in_error: tuple[ReportCheckIn, ...] = ()

    def trend(self, instrument: str) -> InstrumentTrend | None:
        return next((t for t in self.trends if t.instrument == instrument), None)

    @property
    def open_alerts(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.open)

    @property
    def checkin_notes(self) -> tuple[ReportCheckIn, ...]:
        """Check-ins that carry a note (the person's own words, or the rater's), newest first."""
        return tuple(c for c in reversed(self.checkins) if c.note.strip())


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
