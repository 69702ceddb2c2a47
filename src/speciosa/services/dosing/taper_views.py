"""How a taper plan is read: its steps after holds as of a day (`PlanView`), and what was logged
each day against it (for planned-vs-actual). Built inside the caller's transaction; the caller
has checked access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from speciosa.domain.dosing.doses import KRATOM
from speciosa.domain.dosing.holds import (
    ScheduledStep,
    TaperHold,
    amount_on,
    hold_explanation,
    next_reduction,
    schedule_steps,
)
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.dosing.taper import plan_taper
from speciosa.services.foundation.person_time import day_bounds, person_timezone
from speciosa.services.ports.unit_of_work import UnitOfWork

MAX_CHART_DAYS = 400


@dataclass(frozen=True)
class PlanView:
    """A plan with its steps after holds, as of `today` in the person's time zone."""

    plan: TaperPlan
    schedule: list[ScheduledStep]
    holds: list[TaperHold]
    today: date
    explanations: dict[str, str]  # hold id -> why, in words

    @property
    def current_amount(self) -> Decimal | None:
        return amount_on(self.schedule, self.today)

    @property
    def next_step(self) -> ScheduledStep | None:
        return next_reduction(self.schedule, self.today)

    @property
    def next_held(self) -> bool:
        step = self.next_step
        return step is not None and step.held_days > 0 and bool(step.holds)

    @property
    def finished(self) -> bool:
        return self.schedule[-1].date <= self.today

    @property
    def started(self) -> bool:
        return self.plan.start_date <= self.today


def plan_view(
    uow: UnitOfWork, plan: TaperPlan, today: date, pending: Sequence[TaperHold] = ()
) -> PlanView:
    """`pending`: holds the check-ins call for that no write has stored yet — shown all the
    same, so that a page (a GET, which writes nothing) never shows a step the rule holds."""
    holds = [*uow.taper_plans.holds(plan.id), *(h for h in pending if h.plan_id == plan.id)]
    schedule = schedule_steps(plan_taper(plan.parameters), holds)
    explanations = {}
    for hold in holds:
        before = hold.due_before - timedelta(days=1)
        explanations[hold.id] = hold_explanation(plan, hold, amount_on(schedule, before))
    return PlanView(plan, schedule, holds, today, explanations)


def logged_per_day(
    uow: UnitOfWork, plan: TaperPlan, first: date, last: date
) -> dict[date, Decimal]:
    """What was logged each local day from `first` to `last` of what the plan tapers: kratom
    grams, or mg of the planned opioid."""
    tz = person_timezone(uow, plan.person_id)
    start, end = day_bounds(first, last, tz)
    totals: dict[date, Decimal] = {}
    for dose in uow.doses.between(plan.person_id, start, end):
        if plan.substance == KRATOM and dose.is_kratom and dose.grams is not None:
            amount = dose.grams
        elif plan.substance != KRATOM and dose.drug == plan.substance:
            amount = dose.amount
        else:
            continue
        day = dose.taken_at.astimezone(tz).date()
        totals[day] = totals.get(day, Decimal(0)) + amount
    return totals
