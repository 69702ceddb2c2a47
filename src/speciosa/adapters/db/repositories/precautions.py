"""Medication lists, recorded conditions and red-flag reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.precautions import ConditionRow, MedicationRow, RedFlagReportRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport


def _medication(row: MedicationRow) -> Medication:
    return Medication(
        id=row.id,
        person_id=row.person_id,
        name=row.name,
        added_at=row.added_at,
        added_by=row.added_by,
        fingerprint=row.fingerprint,
        removed_at=row.removed_at,
        code_system=row.code_system,
        code=row.code,
        code_display=row.code_display,
    )


def _report(row: RedFlagReportRow) -> RedFlagReport:
    return RedFlagReport(
        id=row.id,
        person_id=row.person_id,
        flags=tuple(str(f) for f in row.flags or ()),
        reported_at=row.reported_at,
        reported_by=row.reported_by,
        fingerprint=row.fingerprint,
        checkin_id=row.checkin_id,
        note=row.note,
    )


class SqlPrecautionsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_medication(self, medication: Medication) -> bool:
        return add_unless_exists(
            self._s,
            MedicationRow(
                id=medication.id,
                person_id=medication.person_id,
                name=medication.name,
                added_at=medication.added_at,
                added_by=medication.added_by,
                fingerprint=medication.fingerprint,
                removed_at=medication.removed_at,
                code_system=medication.code_system,
                code=medication.code,
                code_display=medication.code_display,
            ),
        )

    def get_medication(self, medication_id: str) -> Medication | None:
        row = self._s.get(MedicationRow, medication_id)
        return _medication(row) if row else None

    def medications(self, person_id: str, include_removed: bool = False) -> list[Medication]:
        query = select(MedicationRow).where(MedicationRow.person_id == person_id)
        if not include_removed:
            query = query.where(MedicationRow.removed_at.is_(None))
        query = query.order_by(MedicationRow.added_at, MedicationRow.id)
        return [_medication(r) for r in self._s.scalars(query)]

    def remove_medication(self, medication_id: str, at: datetime) -> None:
        row = self._s.get(MedicationRow, medication_id)
        if row is None:
            raise LookupError(medication_id)
        row.removed_at = at
        self._s.flush()

    def conditions(self, person_id: str) -> list[RecordedCondition]:
        query = (
            select(ConditionRow)
            .where(ConditionRow.person_id == person_id)
            .order_by(ConditionRow.code)
        )
        return [
            RecordedCondition(r.person_id, r.code, r.recorded_at, r.recorded_by)
            for r in self._s.scalars(query)
        ]

    def replace_conditions(self, person_id: str, conditions: Sequence[RecordedCondition]) -> None:
        self._s.execute(delete(ConditionRow).where(ConditionRow.person_id == person_id))
        self._s.add_all(
            ConditionRow(
                person_id=c.person_id,
                code=c.code,
                recorded_at=c.recorded_at,
                recorded_by=c.recorded_by,
            )
            for c in conditions
        )
        self._s.flush()

    def add_red_flag_report(self, report: RedFlagReport) -> bool:
        return add_unless_exists(
            self._s,
            RedFlagReportRow(
                id=report.id,
                person_id=report.person_id,
                flags=list(report.flags),
                reported_at=report.reported_at,
                reported_by=report.reported_by,
                fingerprint=report.fingerprint,
                checkin_id=report.checkin_id,
                note=report.note,
            ),
        )

    def get_red_flag_report(self, report_id: str) -> RedFlagReport | None:
        row = self._s.get(RedFlagReportRow, report_id)
        return _report(row) if row else None

    def red_flag_reports(self, person_id: str, limit: int = 50) -> list[RedFlagReport]:
        query = (
            select(RedFlagReportRow)
            .where(RedFlagReportRow.person_id == person_id)
            .order_by(RedFlagReportRow.reported_at.desc(), RedFlagReportRow.id)
            .limit(limit)
        )
        return [_report(r) for r in self._s.scalars(query)]
