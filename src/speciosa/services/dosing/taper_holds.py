"""Symptom-guided holds of approved taper plans: find the holds the check-ins call for, store
each once (plan, step, date) with its `taper_hold` alert, and audit it as the plan's rule.

Where it runs is described in services/dosing/tapers.py; `TaperService` exposes these as
`review_holds`, `review_holds_for_clinician` and `review_all`.
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
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal.course import WithdrawalService

MAX_NEW_HOLDS_PER_REVIEW = 10  # a guard against a loop, far above what one review can need


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
        self, uow: UnitOfWork, person_id: str, now: datetime
    ) -> list[tuple[TaperPlan, TaperHold]]:
        """The holds the check-ins call for that are not stored yet (computed, not written)."""
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
            days = self._withdrawal.daily_totals_in(uow, person_id, first, today, rule.instrument)
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
        now = self._clock.now()
        stored: list[TaperHold] = []
        with self._uow_factory() as uow:
            for person_id in person_ids:
                for plan, hold in self._new_holds(uow, person_id, now):
                    if not uow.taper_plans.add_hold(hold):
                        continue  # a concurrent review stored it first
                    schedule = schedule_steps(
                        plan_taper(plan.parameters), uow.taper_plans.holds(plan.id)
                    )
                    amount = amount_on(schedule, hold.trigger_day)
                    self._alerts.raise_drafts(uow, [hold_alert(plan, hold, amount)])
                    self._audit.add(
                        uow,
                        None,
                        AuditAction.CREATE,
                        "taper_hold",
                        resource_id=hold.id,
                        person_id=person_id,
                        detail=f"step {hold.step_index} held {hold.days} days by the plan's rule",
                    )
                    stored.append(hold)
            uow.commit()
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
