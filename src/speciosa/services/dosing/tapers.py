"""Taper plans: a clinician drafts, edits and approves; the person sees approved plans only.

A rising withdrawal score holds the next reduction (never reverses one): that rule lives in
`taper_holds.TaperHoldReview`, its own service, which this one asks for the holds due but not
stored yet, so a page never shows a step the rule holds (reading never writes, issue 15).

Read API for other features: `plans_for(actor, person_id)` -> `PlanView`s (schedule with holds,
the amount in effect today, the next step); `planned_vs_actual(actor, plan_id, first, last)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from speciosa.domain.dosing.holds import PlanDay, planned_vs_actual
from speciosa.domain.dosing.plan_entry import check_start_reason, require_reason
from speciosa.domain.dosing.plans import (
    HoldRule,
    PlanDefault,
    PlanStatus,
    TaperPlan,
    TaperReference,
    check_plan_note,
)
from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.services.dosing.calculators import DosingCalculators
from speciosa.services.dosing.plan_entry import (
    PlanApproval,
    active_plan_conflict,
    approval_in,
    start_check_in,
)
from speciosa.services.dosing.taper_drafts import PlanDraft, checked_plan, load_taper_reference
from speciosa.services.dosing.taper_holds import TaperHoldReview
from speciosa.services.dosing.taper_views import MAX_CHART_DAYS, PlanView, logged_per_day, plan_view
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class TaperService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        holds: TaperHoldReview,
        calculators: DosingCalculators,
        reference: ReferenceCatalogue,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._holds = holds
        self._calculators = calculators
        # Parsed once at start-up: a malformed row fails start-up, not a request.
        self.reference: TaperReference = load_taper_reference(reference)

    # ------------------------------------------------------------------ the editor

    def default_for(self, substance: str) -> PlanDefault:
        return self.reference.default_for(substance)

    def default_hold_rule(self, instrument: str = "sows") -> HoldRule:
        return self.reference.hold_rules[instrument].rule

    @staticmethod
    def _require_clinician(actor: Actor) -> None:
        if not actor.is_clinician:
            raise AccessDenied("Only a clinician drafts, approves or ends taper plans.")

    def _today(self, uow: UnitOfWork, person_id: str) -> date:
        return self._clock.now().astimezone(person_timezone(uow, person_id)).date()

    def _checked(
        self, draft: PlanDraft, person_id: str, today: date, base: TaperPlan | None
    ) -> TaperPlan:
        return checked_plan(
            draft,
            person_id,
            today,
            base,
            reference=self.reference,
            mme_table=self._calculators.mme_table,
            now=self._clock.now(),
        )

    def create_draft(self, actor: Actor, person_id: str, draft: PlanDraft) -> TaperPlan:
        self._require_clinician(actor)
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, person_id, Purpose.WRITE)
            plan = replace(
                self._checked(draft, person_id, self._today(uow, person_id), None),
                created_by=actor.user_id,
            )
            uow.taper_plans.add(plan)
            self._audit_plan(uow, actor, AuditAction.CREATE, plan, f"draft {plan.title}")
            uow.commit()
        return plan

    def _audit_plan(
        self, uow: UnitOfWork, actor: Actor, action: AuditAction, plan: TaperPlan, detail: str
    ) -> None:
        self._audit.add(
            uow,
            actor,
            action,
            "taper_plan",
            resource_id=plan.id,
            person_id=plan.person_id,
            detail=detail,
        )

    def _plan_for_write(self, uow: UnitOfWork, actor: Actor, plan_id: str) -> TaperPlan:
        # A refusal reads like a plan that does not exist: it never names whose plan it is.
        hidden = NotFound(f"There is no taper plan {plan_id} that you can see.")
        plan = uow.taper_plans.get(plan_id)
        if plan is None:
            raise hidden
        try:
            self._guard.require(uow, actor, plan.person_id, Purpose.WRITE)
        except NotFound:
            raise hidden from None
        return plan

    def update_draft(self, actor: Actor, plan_id: str, draft: PlanDraft) -> TaperPlan:
        self._require_clinician(actor)
        with self._uow_factory() as uow:
            plan = self._plan_for_write(uow, actor, plan_id)
            if plan.status is not PlanStatus.DRAFT:
                raise Conflict(
                    "Only a draft can be edited. End this plan and draft a new one to change it."
                )
            changed = self._checked(draft, plan.person_id, self._today(uow, plan.person_id), plan)
            uow.taper_plans.save(changed)
            self._audit_plan(uow, actor, AuditAction.UPDATE, plan, "draft edited")
            uow.commit()
        return changed

    def approval(self, actor: Actor, plan_id: str) -> PlanApproval:
        """What the clinician confirms before approving: the first steps and how the start
        compares with the person's logged intake (safe plan entry)."""
        self._require_clinician(actor)
        with self._uow_factory(read_only=True) as uow:
            plan = self._plan_for_write(uow, actor, plan_id)
        return self._guard.read(
            actor,
            plan.person_id,
            "taper_plan",
            lambda uow: approval_in(uow, plan, self._today(uow, plan.person_id), self.reference),
            resource_id=plan.id,
        )

    def approve(self, actor: Actor, plan_id: str, start_reason: str | None = None) -> TaperPlan:
        """The plan becomes the one the person sees. One active plan per person and substance:
        end the current one first. A start more than the reference margin above the person's
        logged intake needs a reason (given now or with the draft), recorded on the plan."""
        self._require_clinician(actor)
        reason = check_start_reason(start_reason)
        with self._uow_factory() as uow:
            plan = self._plan_for_write(uow, actor, plan_id)
            if plan.status is not PlanStatus.DRAFT:
                raise Conflict(f"This plan is {plan.status.value}; only a draft can be approved.")
            reason = reason or plan.start_reason
            check = start_check_in(uow, plan, self._today(uow, plan.person_id), self.reference)
            require_reason(check, reason)
            if plan.start_date < self._today(uow, plan.person_id):
                raise InvalidInput(
                    "The start date has passed; edit the draft to start today or later.",
                    field="start_date",
                )
            conflict = active_plan_conflict(uow, plan)
            if conflict is not None:
                raise conflict
            approved = replace(
                plan,
                status=PlanStatus.APPROVED,
                approved_at=self._clock.now(),
                approved_by=actor.user_id,
                start_reason=reason if check.needs_reason else plan.start_reason,
            )
            if not uow.taper_plans.save(approved):
                raise Conflict(  # another approval for this substance won the race
                    f"There is already an approved {plan.substance} plan. End it first, then "
                    "approve this one."
                )
            detail = f"approved {plan.title}"
            if check.needs_reason:
                detail += f"; start above logged intake, reason: {reason}"
            self._audit_plan(uow, actor, AuditAction.UPDATE, plan, detail[:500])
            uow.commit()
        return approved

    def discard(self, actor: Actor, plan_id: str) -> TaperPlan:
        self._require_clinician(actor)
        with self._uow_factory() as uow:
            plan = self._plan_for_write(uow, actor, plan_id)
            if plan.status is not PlanStatus.DRAFT:
                raise Conflict("Only a draft can be discarded; end an approved plan instead.")
            discarded = replace(plan, status=PlanStatus.DISCARDED)
            uow.taper_plans.save(discarded)
            self._audit_plan(uow, actor, AuditAction.UPDATE, plan, "draft discarded")
            uow.commit()
        return discarded

    def end(self, actor: Actor, plan_id: str, reason: str = "") -> TaperPlan:
        self._require_clinician(actor)
        reason = check_plan_note(reason)
        with self._uow_factory() as uow:
            plan = self._plan_for_write(uow, actor, plan_id)
            if plan.status is not PlanStatus.APPROVED:
                raise Conflict(f"This plan is {plan.status.value}; only an approved plan ends.")
            ended = replace(
                plan,
                status=PlanStatus.ENDED,
                ended_at=self._clock.now(),
                ended_by=actor.user_id,
                end_reason=reason,
            )
            uow.taper_plans.save(ended)
            self._audit_plan(uow, actor, AuditAction.UPDATE, plan, "ended")
            uow.commit()
        return ended

    # ------------------------------------------------------------------ reading

    def _visible(self, actor: Actor, plans: Sequence[TaperPlan]) -> list[TaperPlan]:
        return [p for p in plans if not actor.is_person or p.visible_to_person]

    def plans_for(self, actor: Actor, person_id: str) -> list[PlanView]:
        """Newest first. A person sees approved and ended plans; a clinician sees drafts too."""

        def read(uow: UnitOfWork) -> list[PlanView]:
            today = self._today(uow, person_id)
            plans = self._visible(actor, uow.taper_plans.for_person(person_id))
            pending = self._holds.pending(uow, person_id)
            return [
                plan_view(uow, p, today, pending)
                for p in plans
                if p.status is not PlanStatus.DISCARDED
            ]

        return self._guard.read(actor, person_id, "taper_plans", read)

    def plan(self, actor: Actor, plan_id: str) -> PlanView:
        hidden = NotFound(f"There is no taper plan {plan_id} that you can see.")
        with self._uow_factory(read_only=True) as uow:
            found = uow.taper_plans.get(plan_id)
        if found is None or (actor.is_person and not found.visible_to_person):
            raise hidden
        try:
            return self._guard.read(
                actor,
                found.person_id,
                "taper_plan",
                lambda uow: plan_view(
                    uow,
                    found,
                    self._today(uow, found.person_id),
                    self._holds.pending(uow, found.person_id),
                ),
                resource_id=plan_id,
            )
        except NotFound:
            raise hidden from None

    def planned_vs_actual(
        self, actor: Actor, plan_id: str, first: date | None = None, last: date | None = None
    ) -> tuple[PlanView, list[PlanDay]]:
        """Each day from the plan's start (or `first`) to today (or `last`): the planned amount,
        what was logged (kratom grams, or mg of the planned opioid), and whether a hold was on."""
        view = self.plan(actor, plan_id)
        plan = view.plan
        first = first or plan.start_date
        last = last or min(view.today, view.schedule[-1].date)
        if last < first or (last - first).days > MAX_CHART_DAYS:
            return view, []

        def read(uow: UnitOfWork) -> list[PlanDay]:
            totals = logged_per_day(uow, plan, first, last)
            return planned_vs_actual(view.schedule, view.holds, first, last, totals)

        return view, self._guard.read(actor, plan.person_id, "dose_journal", read)

    def plans_in(self, uow: UnitOfWork, person_id: str) -> list[TaperPlan]:
        """Every plan of the person, any status; inside the caller's transaction (the caller
        has checked access and audits)."""
        return uow.taper_plans.for_person(person_id)
