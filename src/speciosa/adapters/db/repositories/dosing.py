"""The dose journal and dependence screens (taper plans and holds are in `tapers`)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.dosing import (
    DependenceScreenRow,
    DoseRow,
)
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose, DoseKind, Route
from speciosa.domain.foundation.corrections import RecordStatus, parse_status


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
        status=parse_status(row.status),
        supersedes=row.supersedes,
        superseded_by=row.superseded_by,
        status_reason=row.status_reason or "",
    )


# Totals, escalation and "same as last time" read current doses only; the history reads all.
CURRENT_DOSE = DoseRow.status == RecordStatus.CURRENT.value


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
                status=dose.status.value,
                supersedes=dose.supersedes,
                superseded_by=dose.superseded_by,
                status_reason=dose.status_reason,
            ),
        )

    def mark(
        self, dose_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current dose (corrected or entered in error); False when it is no longer
        current, so two concurrent corrections cannot both win."""
        result = self._s.execute(
            update(DoseRow)
            .where(DoseRow.id == dose_id, CURRENT_DOSE)
            .values(status=status.value, superseded_by=superseded_by, status_reason=reason)
        )
        return bool(getattr(result, "rowcount", 0))

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
                CURRENT_DOSE,
            )
            .order_by(DoseRow.taken_at, DoseRow.id)
        )
        return [_dose(r) for r in self._s.scalars(query)]

    def in_error_between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Doses marked entered in error with start <= taken_at < end (for exports)."""
        query = (
            select(DoseRow)
            .where(
                DoseRow.person_id == person_id,
                DoseRow.taken_at >= start,
                DoseRow.taken_at < end,
                DoseRow.status == RecordStatus.ENTERED_IN_ERROR.value,
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
                CURRENT_DOSE,
            )
            .order_by(DoseRow.taken_at)
        )
        return [(at, Decimal(grams or "0")) for at, grams in self._s.execute(query)]

    def latest_kratom(self, person_id: str) -> Dose | None:
        query = (
            select(DoseRow)
            .where(
                DoseRow.person_id == person_id,
                DoseRow.kind == DoseKind.KRATOM.value,
                CURRENT_DOSE,
            )
            .order_by(DoseRow.taken_at.desc(), DoseRow.id.desc())
            .limit(1)
        )
        row = self._s.scalars(query).first()
        return _dose(row) if row else None


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
