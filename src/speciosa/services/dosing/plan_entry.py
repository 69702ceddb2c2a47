"""Safe plan entry inside a transaction: the person's logged intake of what a plan tapers,
compared with its start amount (domain/dosing/plan_entry.py), and the restatement a clinician
confirms before approving. The taper service calls these for the web, the API and the CLI, so
the guard cannot be skipped by choosing another entrypoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from speciosa.domain.dosing.holds import ScheduledStep
from speciosa.domain.dosing.plan_entry import StartCheck, check_start, summarise_intake
from speciosa.domain.dosing.plans import TaperPlan, TaperReference, active_plan
from speciosa.domain.foundation.errors import Conflict
from speciosa.services.dosing.taper_views import PlanView, logged_per_day, plan_view
from speciosa.services.ports.unit_of_work import UnitOfWork

FIRST_STEPS_SHOWN = 3


@dataclass(frozen=True)
class PlanApproval:
    """What the clinician confirms: the plan, its first steps, and the intake check."""

    view: PlanView
    check: StartCheck

    @property
    def plan(self) -> TaperPlan:
        return self.view.plan

    @property
    def first_steps(self) -> list[ScheduledStep]:
        return self.view.schedule[:FIRST_STEPS_SHOWN]


def start_check_in(
    uow: UnitOfWork, plan: TaperPlan, today: date, reference: TaperReference
) -> StartCheck:
    rule = reference.start_check
    first = today.fromordinal(today.toordinal() - (rule.window_days - 1))
    intake = summarise_intake(logged_per_day(uow, plan, first, today), today, rule.window_days)
    return check_start(plan.start_amount, plan.unit, intake, rule)


def approval_in(
    uow: UnitOfWork, plan: TaperPlan, today: date, reference: TaperReference
) -> PlanApproval:
    return PlanApproval(plan_view(uow, plan, today), start_check_in(uow, plan, today, reference))


def active_plan_conflict(uow: UnitOfWork, plan: TaperPlan) -> Conflict | None:
    """One approved plan per person and substance: the refusal to approve a second, or None."""
    current = active_plan(uow.taper_plans.for_person(plan.person_id), plan.substance)
    if current is None:
        return None
    when = f" (approved {current.approved_at:%d %b %Y})" if current.approved_at else ""
    return Conflict(
        f"There is already an approved {plan.substance} plan{when}. "
        "End it first, then approve this one."
    )
