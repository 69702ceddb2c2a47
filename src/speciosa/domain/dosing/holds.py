"""Symptom-guided holds: a rising withdrawal score holds the next reduction; it never reverses one.

A hold is placed on one step (the next reduction after the day the rise was seen) and moves that
step and every later step by `days`; amounts never change, so the amount in effect on any day is
never more than it was the day before. Rises are looked for from the day the current amount
started (or, after a hold, from the day after the rise that caused it, measured against days
since then), so a plateau at a higher score does not hold again and again; a further rise does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from speciosa.domain.dosing.plans import HoldRule, TaperPlan
from speciosa.domain.dosing.taper import TaperStep, amount_number
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.withdrawal.checkins import DailyTotal


@dataclass(frozen=True)
class TaperHold:
    id: str
    plan_id: str
    person_id: str
    step_index: int
    due_before: date  # the step's date before this hold
    days: int
    trigger_day: date
    instrument: str
    from_total: int
    from_day: date
    to_total: int
    created_at: datetime

    @property
    def rise(self) -> int:
        return self.to_total - self.from_total

    @property
    def until(self) -> date:
        return self.due_before + timedelta(days=self.days)


@dataclass(frozen=True)
class ScheduledStep:
    index: int
    planned_date: date
    date: date
    amount: Decimal
    held_days: int  # how far holds have moved this step in total
    holds: tuple[TaperHold, ...]  # holds placed on this step itself


@dataclass(frozen=True)
class PlanDay:
    """Planned against actual intake on one local day (actual None: nothing logged)."""

    day: date
    planned: Decimal | None
    actual: Decimal | None
    held: bool


@dataclass(frozen=True)
class HoldFinding:
    """A rise that holds `step` (what the service turns into a stored TaperHold)."""

    step: ScheduledStep
    trigger_day: date
    from_total: int
    from_day: date
    to_total: int


def schedule_steps(steps: Sequence[TaperStep], holds: Sequence[TaperHold]) -> list[ScheduledStep]:
    """The plan's steps with every hold applied: each hold moves its step and all later ones."""
    shift = 0
    scheduled = []
    for step in steps:
        own = tuple(
            sorted(
                (h for h in holds if h.step_index == step.index and step.index > 0),
                key=lambda h: (h.due_before, h.trigger_day),
            )
        )
        shift += sum(h.days for h in own)
        scheduled.append(
            ScheduledStep(
                step.index, step.date, step.date + timedelta(days=shift), step.amount, shift, own
            )
        )
    return scheduled


def amount_on(schedule: Sequence[ScheduledStep], day: date) -> Decimal | None:
    """The amount in effect on `day`: that of the last step dated on or before it."""
    current = None
    for step in schedule:
        if step.date <= day:
            current = step.amount
        else:
            break
    return current


def next_reduction(schedule: Sequence[ScheduledStep], today: date) -> ScheduledStep | None:
    """The first reduction dated after today (one dated today may already have been taken)."""
    return next((s for s in schedule if s.index > 0 and s.date > today), None)


def _rise_on(
    rule: HoldRule, totals: dict[date, DailyTotal], day: date, floor: date | None
) -> tuple[DailyTotal, DailyTotal] | None:
    today = totals.get(day)
    if today is None:
        return None
    first = day - timedelta(days=rule.window_days)
    if floor is not None:
        first = max(first, floor)
    before = [t for d, t in totals.items() if first <= d < day]
    if not before:
        return None
    lowest = min(before, key=lambda t: (t.total, t.day))
    if today.total - lowest.total >= rule.min_rise:
        return lowest, today
    return None


def find_hold(
    rule: HoldRule,
    schedule: Sequence[ScheduledStep],
    days: Sequence[DailyTotal],
    today: date,
) -> HoldFinding | None:
    """Whether the scores up to `today` hold the next reduction (None: they do not)."""
    step = next_reduction(schedule, today)
    if step is None:
        return None
    previous = schedule[step.index - 1]
    start = previous.date
    floor: date | None = None
    if step.holds:
        last = max(h.trigger_day for h in step.holds)
        start = max(start, last + timedelta(days=1))
        floor = last  # a further hold needs a rise above the level that caused the last one
    totals = {d.day: d for d in days if d.instrument == rule.instrument}
    day = start
    last_day = min(today, step.date - timedelta(days=1))
    while day <= last_day:
        rise = _rise_on(rule, totals, day, floor)
        if rise is not None:
            lowest, peak = rise
            return HoldFinding(step, day, lowest.total, lowest.day, peak.total)
        day += timedelta(days=1)
    return None


def hold_explanation(plan: TaperPlan, hold: TaperHold, amount_now: Decimal | None) -> str:
    """Why the step was held, in words for the person and the clinician alike."""
    name = hold.instrument.upper()
    unit = plan.unit
    now = (
        f" The amount stays at {amount_number(amount_now)} {unit}/day until then."
        if (amount_now is not None)
        else ""
    )
    return (
        f"{name} rose from {hold.from_total} ({hold.from_day:%d %b}) to {hold.to_total} "
        f"({hold.trigger_day:%d %b}), up {hold.rise}; the plan holds the next reduction when "
        f"{name} rises by {plan.hold_rule.min_rise} or more within {plan.hold_rule.window_days} "
        f"days. This hold moved step {hold.step_index} from {hold.due_before:%d %b %Y} to "
        f"{hold.until:%d %b %Y}.{now} Held, not reversed; the clinician reviews it."
    )


def hold_alert(plan: TaperPlan, hold: TaperHold, amount_now: Decimal | None) -> AlertDraft:
    return AlertDraft(
        person_id=plan.person_id,
        kind=AlertKind.TAPER_HOLD,
        title=f"Taper step {hold.step_index} held {hold.days} days ({hold.instrument.upper()} "
        f"+{hold.rise})",
        explanation=hold_explanation(plan, hold, amount_now) + " Review the plan.",
        dedupe_key=f"taper_hold:{plan.id}:{hold.step_index}:{hold.due_before.isoformat()}",
        facts={
            "plan_id": plan.id,
            "step_index": hold.step_index,
            "due_before": hold.due_before.isoformat(),
            "new_date": hold.until.isoformat(),
            "hold_days": hold.days,
            "instrument": hold.instrument,
            "from_total": hold.from_total,
            "from_day": hold.from_day.isoformat(),
            "to_total": hold.to_total,
            "trigger_day": hold.trigger_day.isoformat(),
            "rise": hold.rise,
            "min_rise": plan.hold_rule.min_rise,
            "window_days": plan.hold_rule.window_days,
        },
        source_type="taper_plan",
        source_id=plan.id,
    )


def planned_vs_actual(
    schedule: Sequence[ScheduledStep],
    holds: Sequence[TaperHold],
    first: date,
    last: date,
    actual: dict[date, Decimal],
) -> list[PlanDay]:
    """Each day from `first` to `last`: the planned amount, what was logged, and whether a
    hold was keeping the amount where it was."""
    held_ranges = [(h.due_before, h.until) for h in holds]
    rows = []
    day = first
    while day <= last:
        rows.append(
            PlanDay(
                day=day,
                planned=amount_on(schedule, day),
                actual=actual.get(day),
                held=any(a <= day < b for a, b in held_ranges),
            )
        )
        day += timedelta(days=1)
    return rows
