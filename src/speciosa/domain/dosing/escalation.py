"""Escalation: the mean daily kratom grams, or doses a day, rising from one week to the next.

Only days with a logged kratom dose count (a day without a log is unknown, not zero): the rule
compares the mean over the last `window_days` days with the mean over the `window_days` before
them, each needing `min_logged_days` logged days. Thresholds live in
`reference/escalation_rules.yaml` with their rationale; the alert carries the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from speciosa.domain.dosing.doses import DoseDay
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable

TWO_PLACES = Decimal("0.01")


class Metric(StrEnum):
    GRAMS_PER_DAY = "grams_per_day"
    DOSES_PER_DAY = "doses_per_day"

    @property
    def label(self) -> str:
        return "g/day" if self is Metric.GRAMS_PER_DAY else "doses/day"


@dataclass(frozen=True)
class EscalationRule:
    metric: Metric
    window_days: int
    min_logged_days: int
    min_rise: Decimal
    min_rise_pct: Decimal
    rationale: str
    source: str


@dataclass(frozen=True)
class WindowMean:
    first: date
    last: date
    logged_days: int
    mean: Decimal | None


@dataclass(frozen=True)
class Escalation:
    rule: EscalationRule
    before: WindowMean
    after: WindowMean

    @property
    def rise(self) -> Decimal:
        # Only built when both windows have a mean (see check_escalation).
        return (self.after.mean or Decimal(0)) - (self.before.mean or Decimal(0))

    @property
    def rise_pct(self) -> Decimal:
        if not self.before.mean:
            return Decimal(100)
        return (self.rise / self.before.mean * 100).quantize(Decimal(1), ROUND_HALF_UP)


def parse_escalation_rules(table: ReferenceTable) -> tuple[EscalationRule, ...]:
    rules = []
    for index, row in enumerate(table.rows, 1):
        where = f"{table.name} row {index}"
        try:
            metric = Metric(str(row.get("metric")))
        except ValueError:
            raise ReferenceDataError(f"{where}: unknown metric {row.get('metric')!r}.") from None
        numbers: dict[str, Decimal] = {}
        for key in ("window_days", "min_logged_days", "min_rise", "min_rise_pct"):
            value = row.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ReferenceDataError(f"{where}: {key} must be a number of at least 0.")
            numbers[key] = Decimal(str(value))
        window = int(numbers["window_days"])
        logged = int(numbers["min_logged_days"])
        if not 1 <= logged <= window:
            raise ReferenceDataError(f"{where}: min_logged_days must be 1..window_days.")
        rules.append(
            EscalationRule(
                metric,
                window,
                logged,
                numbers["min_rise"],
                numbers["min_rise_pct"],
                " ".join(str(row.get("rationale", "")).split()),
                str(row["source"]),
            )
        )
    return tuple(rules)


def _value(day: DoseDay, metric: Metric) -> Decimal:
    return day.kratom_grams if metric is Metric.GRAMS_PER_DAY else Decimal(day.kratom_doses)


def window_mean(
    days: Mapping[date, DoseDay], first: date, last: date, metric: Metric
) -> WindowMean:
    values = []
    day = first
    while day <= last:
        found = days.get(day)
        if found is not None and found.kratom_doses > 0:
            values.append(_value(found, metric))
        day += timedelta(days=1)
    mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES) if values else None
    return WindowMean(first, last, len(values), mean)


def check_escalation(
    rules: Sequence[EscalationRule], days: Sequence[DoseDay], today: date
) -> list[Escalation]:
    """The rules whose means rose enough between the two windows ending today."""
    by_day = {d.day: d for d in days}
    found = []
    for rule in rules:
        after = window_mean(
            by_day, today - timedelta(days=rule.window_days - 1), today, rule.metric
        )
        before = window_mean(
            by_day,
            today - timedelta(days=2 * rule.window_days - 1),
            today - timedelta(days=rule.window_days),
            rule.metric,
        )
        if before.mean is None or after.mean is None:
            continue
        if min(before.logged_days, after.logged_days) < rule.min_logged_days:
            continue
        candidate = Escalation(rule, before, after)
        if candidate.rise >= rule.min_rise and candidate.rise_pct >= rule.min_rise_pct:
            found.append(candidate)
    return found


def escalation_alert(person_id: str, escalation: Escalation, today: date) -> AlertDraft:
    rule, before, after = escalation.rule, escalation.before, escalation.after
    unit = rule.metric.label
    year, week, _ = today.isocalendar()
    return AlertDraft(
        person_id=person_id,
        kind=AlertKind.ESCALATION,
        title=f"Kratom {unit} up {escalation.rise:f} ({escalation.rise_pct}%) in a week",
        explanation=(
            f"Mean {unit} rose from {before.mean:f} ({before.first:%d %b}–{before.last:%d %b}, "
            f"{before.logged_days} logged days) to {after.mean:f} ({after.first:%d %b}–"
            f"{after.last:%d %b %Y}, {after.logged_days} logged days): +{escalation.rise:f}, "
            f"+{escalation.rise_pct}%. The rule is a rise of {rule.min_rise:f} {unit} and "
            f"{rule.min_rise_pct:f}% or more. {rule.rationale} Source: {rule.source}."
        ),
        # At most one alert per measure per ISO week while the rise lasts.
        dedupe_key=f"escalation:{person_id}:{rule.metric.value}:{year}-W{week:02d}",
        facts={
            "metric": rule.metric.value,
            "before_mean": str(before.mean),
            "before_from": before.first.isoformat(),
            "before_to": before.last.isoformat(),
            "before_logged_days": before.logged_days,
            "after_mean": str(after.mean),
            "after_from": after.first.isoformat(),
            "after_to": after.last.isoformat(),
            "after_logged_days": after.logged_days,
            "rise": str(escalation.rise),
            "rise_pct": str(escalation.rise_pct),
            "min_rise": str(rule.min_rise),
            "min_rise_pct": str(rule.min_rise_pct),
        },
        source_type="person",
        source_id=person_id,
    )
