"""Withdrawal alert rules: a severe score, a rise over a few days, scores still climbing after
the expected peak, and a silent gap without check-ins. Thresholds come from the sourced
`withdrawal_alert_rules` table; each draft explains the numbers behind it and the rule's source.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from speciosa.domain.foundation.alert_wording import in_clinical_words
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.withdrawal.checkins import CheckIn, DailyTotal
from speciosa.domain.withdrawal.course import ExpectedCourse


@dataclass(frozen=True)
class SevereRule:
    instrument: str
    min_total: int
    rationale: str
    source: str


@dataclass(frozen=True)
class RisingRule:
    instrument: str
    min_rise: int
    window_days: int
    rationale: str
    source: str


@dataclass(frozen=True)
class PastPeakRule:
    instrument: str
    consecutive_rises: int
    min_rise: int
    rationale: str
    source: str


@dataclass(frozen=True)
class MissedCheckinRule:
    days: int
    rationale: str
    source: str


@dataclass(frozen=True)
class AlertRules:
    severe: Mapping[str, SevereRule]
    rising: Mapping[str, RisingRule]
    past_peak: Mapping[str, PastPeakRule]
    missed: MissedCheckinRule


def _positive(row: Mapping[str, object], key: str, where: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReferenceDataError(f"{where}: {key} must be a whole number of at least 1.")
    return value


def parse_alert_rules(table: ReferenceTable) -> AlertRules:
    severe: dict[str, SevereRule] = {}
    rising: dict[str, RisingRule] = {}
    past_peak: dict[str, PastPeakRule] = {}
    missed: MissedCheckinRule | None = None
    for index, row in enumerate(table.rows):
        where = f"{table.name} row {index + 1}"
        instrument = str(row.get("instrument", ""))
        why = " ".join(str(row.get("rationale", "")).split())
        source = str(row["source"])
        rule = row.get("rule")
        if rule == "severe":
            severe[instrument] = SevereRule(
                instrument, _positive(row, "min_total", where), why, source
            )
        elif rule == "rising":
            rising[instrument] = RisingRule(
                instrument,
                _positive(row, "min_rise", where),
                _positive(row, "window_days", where),
                why,
                source,
            )
        elif rule == "past_peak":
            past_peak[instrument] = PastPeakRule(
                instrument,
                _positive(row, "consecutive_rises", where),
                _positive(row, "min_rise", where),
                why,
                source,
            )
        elif rule == "missed_checkin":
            missed = MissedCheckinRule(_positive(row, "days", where), why, source)
        else:
            raise ReferenceDataError(f"{where}: unknown rule {rule!r}.")
    if missed is None:
        raise ReferenceDataError(f"{table.name}: no missed_checkin rule.")
    return AlertRules(severe, rising, past_peak, missed)


def _name(instrument: str) -> str:
    return instrument.upper()


def check_severe(rules: AlertRules, checkin: CheckIn, band: str, day: date) -> list[AlertDraft]:
    rule = rules.severe.get(checkin.instrument)
    if rule is None or checkin.total < rule.min_total:
        return []
    name = _name(checkin.instrument)
    return [
        AlertDraft(
            person_id=checkin.person_id,
            kind=AlertKind.WITHDRAWAL_SEVERE,
            title=f"{name} {checkin.total} — {band or 'severe'}",
            explanation=in_clinical_words(
                f"{name} total {checkin.total} on {day:%d %b %Y} is at or above "
                f"{rule.min_total}. {rule.rationale} Source: {rule.source}."
            ),
            dedupe_key=f"withdrawal_severe:{checkin.person_id}:{checkin.instrument}:{day}",
            facts={
                "instrument": checkin.instrument,
                "total": checkin.total,
                "threshold": rule.min_total,
                "day": day.isoformat(),
                "checkin_id": checkin.id,
            },
            source_type="checkin",
            source_id=checkin.id,
        )
    ]


def check_rising(
    rules: AlertRules, checkin: CheckIn, days: Sequence[DailyTotal], day: date
) -> list[AlertDraft]:
    """The day's total against the lowest daily total in the `window_days` before it."""
    rule = rules.rising.get(checkin.instrument)
    if rule is None:
        return []
    today = next((d for d in days if d.day == day and d.instrument == checkin.instrument), None)
    start = day - timedelta(days=rule.window_days)
    before = [d for d in days if d.instrument == checkin.instrument and start <= d.day < day]
    if today is None or not before:
        return []
    lowest = min(before, key=lambda d: (d.total, d.day))
    rise = today.total - lowest.total
    if rise < rule.min_rise:
        return []
    name = _name(checkin.instrument)
    return [
        AlertDraft(
            person_id=checkin.person_id,
            kind=AlertKind.WITHDRAWAL_RISING,
            title=f"{name} up {rise} points in {(day - lowest.day).days} days",
            explanation=in_clinical_words(
                f"{name} rose from {lowest.total} on {lowest.day:%d %b} to {today.total} on "
                f"{day:%d %b %Y} (+{rise}); the rule is a rise of {rule.min_rise} or more within "
                f"{rule.window_days} days. {rule.rationale} Source: {rule.source}."
            ),
            dedupe_key=f"withdrawal_rising:{checkin.person_id}:{checkin.instrument}:{day}",
            facts={
                "instrument": checkin.instrument,
                "from_total": lowest.total,
                "from_day": lowest.day.isoformat(),
                "to_total": today.total,
                "to_day": day.isoformat(),
                "rise": rise,
                "min_rise": rule.min_rise,
                "window_days": rule.window_days,
            },
            source_type="checkin",
            source_id=checkin.id,
        )
    ]


def check_past_peak(
    rules: AlertRules,
    checkin: CheckIn,
    days: Sequence[DailyTotal],
    day: date,
    course: ExpectedCourse | None,
    peak_end_day: date | None,
) -> list[AlertDraft]:
    """Daily totals that keep rising after the expected peak window has ended.

    `peak_end_day` is the local calendar day on which the expected peak window ends; only days
    after it count, so a rise during the peak itself never fires this rule.
    """
    rule = rules.past_peak.get(checkin.instrument)
    if rule is None or course is None or course.peak is None or peak_end_day is None:
        return []
    series = [d for d in days if d.instrument == checkin.instrument and peak_end_day < d.day <= day]
    recent = series[-(rule.consecutive_rises + 1) :]
    if len(recent) < rule.consecutive_rises + 1 or recent[-1].day != day:
        return []
    if not all(a.total < b.total for a, b in itertools.pairwise(recent)):
        return []
    if recent[-1].total - recent[0].total < rule.min_rise:
        return []
    name = _name(checkin.instrument)
    path = " → ".join(f"{d.total} ({d.day:%d %b})" for d in recent)
    return [
        AlertDraft(
            person_id=checkin.person_id,
            kind=AlertKind.WITHDRAWAL_PAST_PEAK,
            title=f"{name} still rising after the expected peak",
            explanation=in_clinical_words(
                f"The expected peak for {course.label} ended "
                f"{course.peak.end} hours after the last use recorded "
                f"({course.last_use_at:%d %b %Y %H:%M} UTC), yet {name} kept rising: {path}. "
                f"{rule.rationale} Source: {rule.source}.",
                course.label,
            ),
            dedupe_key=(
                f"withdrawal_past_peak:{checkin.person_id}:{checkin.instrument}:"
                f"{course.last_use_at.isoformat()}"
            ),
            facts={
                "instrument": checkin.instrument,
                "totals": [d.total for d in recent],
                "days": [d.day.isoformat() for d in recent],
                "peak_end_hours": course.peak.end,
                "min_rise": rule.min_rise,
                "last_use_at": course.last_use_at.isoformat(),
            },
            source_type="checkin",
            source_id=checkin.id,
        )
    ]


def check_missed(
    rules: AlertRules,
    person_id: str,
    last_checkin_at: datetime | None,
    watching_since: datetime,
    now: datetime,
) -> list[AlertDraft]:
    """No check-in for `days` days, counted from the last check-in (or, if there is none, from
    when Speciosa started expecting them). One alert per gap: the key is the gap's start."""
    rule = rules.missed
    since = last_checkin_at or watching_since
    gap = now - since
    if gap < timedelta(days=rule.days):
        return []
    whole_days = gap.days
    what = (
        f"The last check-in was on {since:%d %b %Y %H:%M} UTC"
        if last_checkin_at
        else f"There has been no check-in since {since:%d %b %Y}"
    )
    return [
        AlertDraft(
            person_id=person_id,
            kind=AlertKind.MISSED_CHECKIN,
            title=f"No check-in since {since:%d %b} ({rule.days}+ days)",
            explanation=(
                f"{what}, {whole_days} days ago; the rule is {rule.days} days without a "
                f"check-in. {rule.rationale} Source: {rule.source}."
            ),
            dedupe_key=f"missed_checkin:{person_id}:{since.isoformat()}",
            facts={
                "last_checkin_at": last_checkin_at.isoformat() if last_checkin_at else None,
                "since": since.isoformat(),
                "days_without": whole_days,
                "rule_days": rule.days,
            },
            source_type="person",
            source_id=person_id,
        )
    ]
