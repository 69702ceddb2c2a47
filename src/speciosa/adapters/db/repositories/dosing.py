"""The dose journal, taper plans and holds, and dependence screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.dosing import (
    DependenceScreenRow,
    DoseRow,
    TaperHoldRow,
    TaperPlanRow,
)
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose, DoseKind, Route
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import HoldRule, PlanStatus, TaperPlan


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _dose(row: DoseRow) -> Dose:
    return Dose(
        id=row.id,
        person_id=row.person_id,
        kind=DoseKind(row.kind),
        taken_at=row.taken_at,
        amount=Decimal(row.amount),
        unit=row.unit,
        grams=_decimal(row.grams),
        purchase_id=row.purchase_id,
        product_label=row.product_label,
        mitragynine_mg=_decimal(row.mitragynine_mg),
        hydroxymitragynine_mg=_decimal(row.hydroxymitragynine_mg),
        drug=row.drug,
        route=Route(row.route) if row.route else None,
        mme=_decimal(row.mme),
        mme_note=row.mme_note,
        note=row.note,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        fingerprint=row.fingerprint,
    )


class SqlDoseRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, dose: Dose) -> bool:
        return add_unless_exists(
            self._s,
            DoseRow(
                id=dose.id,
                person_id=dose.person_id,
                kind=dose.kind.value,
                taken_at=dose.taken_at,
                amount=str(dose.amount),
                unit=dose.unit,
                grams=_text(dose.grams),
                purchase_id=dose.purchase_id,
                product_label=dose.product_label,
                mitragynine_mg=_text(dose.mitragynine_mg),
                hydroxymitragynine_mg=_text(dose.hydroxymitragynine_mg),
                drug=dose.drug,
                route=dose.route.value if dose.route else None,
                mme=_text(dose.mme),
                mme_note=dose.mme_note,
                note=dose.note,
                recorded_at=dose.recorded_at,
                recorded_by=dose.recorded_by,
                fingerprint=dose.fingerprint,
            ),
        )

    def get(self, dose_id: str) -> Dose | None:
        row = self._s.get(DoseRow, dose_id)
        return _dose(row) if row else None

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Dose]:
        query = select(DoseRow).where(DoseRow.person_id == person_id)
        if after is not None:
            taken_at, dose_id = after
            query = query.where(
                or_(
                    DoseRow.taken_at < taken_at,
                    and_(DoseRow.taken_at == taken_at, DoseRow.id < dose_id),
                )
            )
        query = query.order_by(DoseRow.taken_at.desc(), DoseRow.id.desc()).limit(limit)
        return [_dose(r) for r in self._s.scalars(query)]

    def between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        query = (
            select(DoseRow)
            .where(
                DoseRow.person_id == person_id,
                DoseRow.taken_at >= start,
                DoseRow.taken_at < end,
            )
            .order_by(DoseRow.taken_at, DoseRow.id)
        )
        return [_dose(r) for r in self._s.scalars(query)]

    def kratom_grams_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, Decimal]]:
        query = (
            select(DoseRow.taken_at, DoseRow.grams)
            .where(
                DoseRow.person_id == person_id,
                DoseRow.kind == DoseKind.KRATOM.value,
                DoseRow.taken_at >= start,
                DoseRow.taken_at < end,
            )
            .order_by(DoseRow.taken_at)
        )
        return [(at, Decimal(grams or "0")) for at, grams in self._s.execute(query)]

    def latest_kratom(self, person_id: str) -> Dose | None:
        query = (
            select(DoseRow)
            .where(DoseRow.person_id == person_id, DoseRow.kind == DoseKind.KRATOM.value)
            .order_by(DoseRow.taken_at.desc(), DoseRow.id.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return _dose(row) if row else None


def _plan(row: TaperPlanRow) -> TaperPlan:
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
        query = (
            select(TaperPlanRow)
            .where(TaperPlanRow.person_id == person_id)
            .order_by(TaperPlanRow.created_at.desc(), TaperPlanRow.id.desc())
        )
        return [_plan(r) for r in self._s.scalars(query)]

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


def _screen(row: DependenceScreenRow) -> DependenceScreen:
    return DependenceScreen(
        id=row.id,
        person_id=row.person_id,
        substance=row.substance,
        answers={str(k): bool(v) for k, v in (row.answers or {}).items()},
        medically_supervised=row.medically_supervised,
        typical_doses_per_day=row.typical_doses_per_day,
        count=row.count,
        severity=row.severity,
        taken_at=row.taken_at,
        recorded_by=row.recorded_by,
        fingerprint=row.fingerprint,
    )


class SqlDependenceScreenRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, screen: DependenceScreen) -> bool:
        return add_unless_exists(
            self._s,
            DependenceScreenRow(
                id=screen.id,
                person_id=screen.person_id,
                substance=screen.substance,
                answers=dict(screen.answers),
                medically_supervised=screen.medically_supervised,
                typical_doses_per_day=screen.typical_doses_per_day,
                count=screen.count,
                severity=screen.severity,
                taken_at=screen.taken_at,
                recorded_by=screen.recorded_by,
                fingerprint=screen.fingerprint,
            ),
        )

    def get(self, screen_id: str) -> DependenceScreen | None:
        row = self._s.get(DependenceScreenRow, screen_id)
        return _screen(row) if row else None

    def for_person(self, person_id: str, limit: int = 20) -> list[DependenceScreen]:
        query = (
            select(DependenceScreenRow)
            .where(DependenceScreenRow.person_id == person_id)
            .order_by(DependenceScreenRow.taken_at.desc(), DependenceScreenRow.id.desc())
            .limit(limit)
        )
        return [_screen(r) for r in self._s.scalars(query)]
