"""Taper plans for clinicians (issue 12, safe plan entry): draft a plan, read the approval
step (the first steps restated and the start compared with the person's logged intake), and
approve with an explicit confirmation.

POST /api/v1/taper-plans {person_id, substance, start_amount, unit_step, reduction_pct,
every_days, start_date, hold_instrument?, note?, start_reason?} -> 201 the draft.
GET /api/v1/taper-plans/{id}/approval -> {plan, first_steps, intake, needs_reason, explanation}.
POST /api/v1/taper-plans/{id}/approve {confirm: true, start_reason?} -> the approved plan; a
start more than the reference margin above the logged intake without a reason -> 422 naming
`start_reason`. The guard is in the taper service, so the web editor applies the same one.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import Field

from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.dosing.taper import amount_number
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel
from speciosa.services.dosing.plan_entry import PlanApproval
from speciosa.services.dosing.taper_drafts import PlanDraft

router = APIRouter(tags=["taper plans"])


class PlanIn(StrictModel):
    person_id: str = Field(max_length=64)
    substance: str = Field(max_length=80, description="kratom, or an opioid's name")
    start_amount: float | str = Field(description="g/day (kratom) or mg/day (opioid)")
    unit_step: float | str
    reduction_pct: float | str
    every_days: int
    start_date: str = Field(max_length=10, description="YYYY-MM-DD, today or later")
    hold_instrument: str = Field(default="sows", max_length=8)
    note: str | None = Field(default=None, max_length=1000)
    start_reason: str | None = Field(
        default=None, max_length=1000, description="Why the start is above the logged intake."
    )


class ApproveIn(StrictModel):
    confirm: Literal[True] = Field(description="true: the approval step was read and confirmed")
    start_reason: str | None = Field(default=None, max_length=1000)


def plan_out(plan: TaperPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "person_id": plan.person_id,
        "substance": plan.substance,
        "unit": plan.unit,
        "start_amount": amount_number(plan.start_amount),
        "unit_step": amount_number(plan.unit_step),
        "reduction_pct": amount_number(plan.reduction_pct),
        "every_days": plan.every_days,
        "start_date": plan.start_date.isoformat(),
        "status": plan.status.value,
        "start_reason": plan.start_reason,
        "approved_by": plan.approved_by,
    }


def approval_out(approval: PlanApproval) -> dict[str, Any]:
    check, intake = approval.check, approval.check.intake
    return {
        "plan": plan_out(approval.plan),
        "first_steps": [
            {"date": s.date.isoformat(), "amount": amount_number(s.amount)}
            for s in approval.first_steps
        ],
        "intake": {
            "first_day": intake.first_day.isoformat(),
            "last_day": intake.last_day.isoformat(),
            "days_logged": intake.days_logged,
            "max_daily": None if intake.max_daily is None else amount_number(intake.max_daily),
            "mean_daily": None if intake.mean_daily is None else amount_number(intake.mean_daily),
        },
        "limit": None if check.limit is None else amount_number(check.limit),
        "needs_reason": check.needs_reason,
        "explanation": check.explanation,
    }


@router.post("/taper-plans", status_code=201)
def draft_plan(body: PlanIn, actor: ActorDep, services: ServicesDep) -> dict[str, Any]:
    plan = services.tapers.create_draft(
        actor,
        body.person_id,
        PlanDraft(
            substance=body.substance,
            start_amount=body.start_amount,
            unit_step=body.unit_step,
            reduction_pct=body.reduction_pct,
            every_days=body.every_days,
            start_date=body.start_date,
            hold_instrument=body.hold_instrument,
            note=body.note,
            start_reason=body.start_reason,
        ),
    )
    return plan_out(plan)


@router.get("/taper-plans/{plan_id}/approval")
def plan_approval(plan_id: str, actor: ActorDep, services: ServicesDep) -> dict[str, Any]:
    return approval_out(services.tapers.approval(actor, plan_id[:64]))


@router.post("/taper-plans/{plan_id}/approve")
def approve_plan(
    plan_id: str, body: ApproveIn, actor: ActorDep, services: ServicesDep
) -> dict[str, Any]:
    return plan_out(services.tapers.approve(actor, plan_id[:64], start_reason=body.start_reason))
