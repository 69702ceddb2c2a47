"""Taper plans and the holds placed on their steps."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.dosing import TaperHoldRow, TaperPlanRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import HoldRule, PlanStatus, TaperPlan

# Run after every check-in (the hold review): built once, so only its parameter changes.
# A Core select of the table: the ORM's entity loading cost ~0.3 ms even for no row.
_PLANS: Table = TaperPlanRow.__table__  # type: ignore[assignment]
_PLANS_OF_PERSON = (
    select(_PLANS)
    .where(_PLANS.c.person_id == bindparam("person_id"))
    .order_by(_PLANS.c.created_at.desc(), _PLANS.c.id.desc())
)


def _plan(row: TaperPlanRow | Row[Any]) -> TaperPlan:
    return TaperPlan(
        id=row.id,
        person_id=row.person_id,
        substance=row.substance,
        unit=row.unit,
        start_amount=Decimal(row.start_amount),
        unit_step=Decimal(row.unit_step),
        reduction_pct=Decimal(row.reduction_pct),
        every_days=row.every_days,
        start_date=row.start_date,
        hold_rule=HoldRule(
            row.hold_instrument, row.hold_min_rise, row.hold_window_days, row.hold_days
        ),
        note=row.note,
        status=PlanStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        approved_at=row.approved_at,
        approved_by=row.approved_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        end_reason=row.end_reason,
        start_reason=row.start_reason or "",
    )


def _fill(row: TaperPlanRow, plan: TaperPlan) -> None:
    row.person_id = plan.person_id
    row.substance = plan.substance
    row.unit = plan.unit
    row.start_amount = str(plan.start_amount)
    row.unit_step = str(plan.unit_step)
    row.reduction_pct = str(plan.reduction_pct)
    row.every_days = plan.every_days
    row.start_date = plan.start_date
    row.hold_instrument = plan.hold_rule.instrument
    row.hold_min_rise = plan.hold_rule.min_rise
    row.hold_window_days = plan.hold_rule.window_days
    row.hold_days = plan.hold_rule.hold_days
    row.note = plan.note
    row.status = plan.status.value
    row.active_key = f"{plan.person_id}:{plan.substance}" if plan.active else None
    row.created_at = plan.created_at
    row.created_by = plan.created_by
    row.approved_at = plan.approved_at
    row.approved_by = plan.approved_by
    row.ended_at = plan.ended_at
    row.ended_by = plan.ended_by
    row.end_reason = plan.end_reason
    row.start_reason = plan.start_reason


def _hold(row: TaperHoldRow) -> TaperHold:
    return TaperHold(
        id=row.id,
        plan_id=row.plan_id,
        person_id=row.person_id,
        step_index=row.step_index,
        due_before=row.due_before,
        days=row.days,
        trigger_day=row.trigger_day,
        instrument=row.instrument,
        from_total=row.from_total,
        from_day=row.from_day,
        to_total=row.to_total,
        created_at=row.created_at,
    )


class SqlTaperPlanRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, plan: TaperPlan) -> None:
        row = TaperPlanRow(id=plan.id)
        _fill(row, plan)
        self._s.add(row)
        self._s.flush()

    def get(self, plan_id: str) -> TaperPlan | None:
        row = self._s.get(TaperPlanRow, plan_id)
        return _plan(row) if row else None

    def save(self, plan: TaperPlan) -> bool:
        row = self._s.get(TaperPlanRow, plan.id)
        if row is None:
            return False
        try:
            with self._s.begin_nested():
                _fill(row, plan)
                self._s.flush()
        except IntegrityError:
            # Another plan for this person and substance became active first.
            self._s.expire(row)
            return False
        return True

    def for_person(self, person_id: str) -> list[TaperPlan]:
        return [_plan(r) for r in self._s.execute(_PLANS_OF_PERSON, {"person_id": person_id})]

    def active_for_persons(self, person_ids: Sequence[str]) -> list[TaperPlan]:
        if not person_ids:
            return []
        query = select(TaperPlanRow).where(
            TaperPlanRow.person_id.in_(list(person_ids)),
            TaperPlanRow.status == PlanStatus.APPROVED.value,
        )
        return [_plan(r) for r in self._s.scalars(query)]

    def add_hold(self, hold: TaperHold) -> bool:
        return add_unless_exists(
            self._s,
            TaperHoldRow(
                id=hold.id,
                plan_id=hold.plan_id,
                person_id=hold.person_id,
                step_index=hold.step_index,
                due_before=hold.due_before,
                days=hold.days,
                trigger_day=hold.trigger_day,
                instrument=hold.instrument,
                from_total=hold.from_total,
                from_day=hold.from_day,
                to_total=hold.to_total,
                created_at=hold.created_at,
            ),
        )

    def holds(self, plan_id: str) -> list[TaperHold]:
        query = (
            select(TaperHoldRow)
            .where(TaperHoldRow.plan_id == plan_id)
            .order_by(TaperHoldRow.step_index, TaperHoldRow.due_before)
        )
        return [_hold(r) for r in self._s.scalars(query)]
