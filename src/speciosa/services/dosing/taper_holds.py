"""Symptom-guided holds of approved taper plans: find the holds the check-ins call for, store
each once (plan, step, date) with its `taper_hold` alert, and audit it as the plan's rule.

Where holds are evaluated: a hold is a rule about check-ins that arrive over time, so it is
stored (1) after every new check-in, by the `RecordCheckIn` use case (`review_after_checkin`,
audited as a `taper_hold_review` with its outcome), (2) after every dose logged on the web
(`review_holds`), (3) from `speciosa taper review-holds` (cron, a timer: holds that only the
passing of a step's date calls for), and (4) each simulated demo day. Each hold is stored once
(plan, step, date) and raises one `taper_hold` alert, so running it often is harmless. Reading
never writes: `TaperService` shows the holds due but not stored yet as `pending`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from speciosa.domain.dosing.holds import (
    TaperHold,
    amount_on,
    find_hold,
    hold_alert,
    schedule_steps,
)
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.dosing.taper import plan_taper
from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal.course import WithdrawalService

MAX_NEW_HOLDS_PER_REVIEW = 10  # a guard against a loop, far above what one review can need


def review_outcome(stored: Sequence[TaperHold]) -> str:
    """The audit detail of one hold review: what it placed, or that it placed nothing."""
    if not stored:
        return "no hold placed"
    steps = ", ".join(f"step {h.step_index} held {h.days} days" for h in stored)
    return f"{len(stored)} hold{'s' if len(stored) > 1 else ''} placed: {steps}"[:500]


class TaperHoldReview:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        withdrawal: WithdrawalService,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self._withdrawal = withdrawal

    def _new_holds(
        self, uow: UnitOfWork, person_id: str, now: datetime, unsaved: CheckIn | None = None
    ) -> list[tuple[TaperPlan, TaperHold]]:
        """The holds the check-ins call for that are not stored yet (computed, not written);
        `unsaved` is a check-in about to be written, counted with the stored ones."""
        plans = [p for p in uow.taper_plans.for_person(person_id) if p.active]
        if not plans:  # most check-ins: no plan to review, one query
            return []
        today = now.astimezone(person_timezone(uow, person_id)).date()
        found = []
        for plan in plans:
            if plan.start_date > today:
                continue
            rule = plan.hold_rule
            steps = plan_taper(plan.parameters)
            holds = list(uow.taper_plans.holds(plan.id))
            first = plan.start_date - timedelta(days=rule.window_days)
            days = self._withdrawal.daily_totals_in(
                uow, person_id, first, today, rule.instrument, unsaved
            )
            for _ in range(MAX_NEW_HOLDS_PER_REVIEW):
                finding = find_hold(rule, schedule_steps(steps, holds), days, today)
                if finding is None:
                    break
                hold = TaperHold(
                    id=str(uuid.uuid4()),
                    plan_id=plan.id,
                    person_id=person_id,
                    step_index=finding.step.index,
                    due_before=finding.step.date,
                    days=rule.hold_days,
                    trigger_day=finding.trigger_day,
                    instrument=rule.instrument,
                    from_total=finding.from_total,
                    from_day=finding.from_day,
                    to_total=finding.to_total,
                    created_at=now,
                )
                holds.append(hold)
                found.append((plan, hold))
        return found

    def _store_holds(self, person_ids: Sequence[str]) -> list[TaperHold]:
        with self._uow_factory() as uow:
            stored = self._store_holds_in(uow, person_ids, self._clock.now())
            uow.commit()
        return stored

    def _store_holds_in(
        self, uow: UnitOfWork, person_ids: Sequence[str], now: datetime
    ) -> list[TaperHold]:
        found = [hold for pid in person_ids for hold in self._new_holds(uow, pid, now)]
        return self._store_found_in(uow, found)

    def _store_found_in(
        self, uow: UnitOfWork, found: Sequence[tuple[TaperPlan, TaperHold]]
    ) -> list[TaperHold]:
        stored: list[TaperHold] = []
        for plan, hold in found:
            if not uow.taper_plans.add_hold(hold):
                continue  # a concurrent review stored it first
            schedule = schedule_steps(plan_taper(plan.parameters), uow.taper_plans.holds(plan.id))
            amount = amount_on(schedule, hold.trigger_day)
            self._alerts.raise_drafts(uow, [hold_alert(plan, hold, amount)])
            self._audit.add(
                uow,
                None,
                AuditAction.CREATE,
                "taper_hold",
                resource_id=hold.id,
                person_id=hold.person_id,
                detail=f"step {hold.step_index} held {hold.days} days by the plan's rule",
            )
            stored.append(hold)
        return stored

    def pending(self, uow: UnitOfWork, person_id: str) -> list[TaperHold]:
        """The holds due now that are not stored yet, computed inside the caller's read."""
        return [hold for _, hold in self._new_holds(uow, person_id, self._clock.now())]

    def review_holds(self, actor: Actor, person_id: str) -> list[TaperHold]:
        """On a page load (or a logged dose) by someone who may see this record. Reads first,
        so a load takes no write lock unless there is a new hold to store."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            self._guard.require(uow, actor, person_id, Purpose.READ)
            pending = self._new_holds(uow, person_id, now)
        return self._store_holds([person_id]) if pending else []

    def review_after_checkin(self, actor: Actor, checkin: CheckIn) -> list[TaperHold]:
        """After a stored check-in (a new version of a corrected one): its own transactions.
        A new check-in is reviewed inside its write by `RecordCheckIn` (`holds_due_in`, then
        `store_review_in`)."""
        with self._uow_factory(read_only=True) as uow:
            self._guard.require(uow, actor, checkin.person_id, Purpose.READ)
            due = self.holds_due_in(uow, checkin)
        with self._uow_factory() as uow:
            stored = self.store_review_in(uow, actor, checkin, due)
            uow.commit()
        return stored

    def holds_due_in(self, uow: UnitOfWork, checkin: CheckIn) -> list[tuple[TaperPlan, TaperHold]]:
        """The holds the check-in calls for, read inside the caller's transaction (the caller
        has checked access); the check-in counts whether it is stored yet or not."""
        return self._new_holds(uow, checkin.person_id, self._clock.now(), unsaved=checkin)

    def store_review_in(
        self,
        uow: UnitOfWork,
        actor: Actor,
        checkin: CheckIn,
        due: Sequence[tuple[TaperPlan, TaperHold]],
    ) -> list[TaperHold]:
        """Inside the caller's write transaction (the caller commits): store the holds found
        (each once: one a concurrent review stored first is skipped) and audit the review with
        its outcome, attributed to whoever recorded the check-in, so the hop from a check-in
        to a held step can be read in the audit trail."""
        stored = self._store_found_in(uow, due)
        self._audit.add(
            uow,
            actor,
            AuditAction.READ,
            "taper_hold_review",
            resource_id=checkin.id,
            person_id=checkin.person_id,
            detail=review_outcome(stored),
        )
        return stored

    def review_holds_for_clinician(self, actor: Actor) -> list[TaperHold]:
        """Every person who granted this clinician access (call it when the dashboard loads)."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            ids = self._guard.readable_person_ids(uow, actor)
            pending = sorted(
                {
                    p.person_id
                    for p in uow.taper_plans.active_for_persons(ids)
                    if self._new_holds(uow, p.person_id, now)
                }
            )
        return self._store_holds(pending) if pending else []

    def review_all(self, person_ids: Sequence[str] | None = None) -> list[TaperHold]:
        """System review (CLI, timer, demo): every person with an active plan, or those given."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            ids = [u.id for u in uow.users.list()] if person_ids is None else list(person_ids)
            active = {p.person_id for p in uow.taper_plans.active_for_persons(ids)}
            pending = sorted(pid for pid in active if self._new_holds(uow, pid, now))
        return self._store_holds(pending) if pending else []
