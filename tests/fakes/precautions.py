"""In-memory fake of the precautions port: medicines, recorded conditions, red-flag reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport
from speciosa.services.ports.precautions_repositories import PrecautionsRepository
from tests.fakes.store import Store


class FakePrecautions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_medication(self, medication: Medication) -> bool:
        if medication.id in self.s.medications:
            return False
        self.s.medications[medication.id] = medication
        return True

    def get_medication(self, medication_id: str) -> Medication | None:
        return self.s.medications.get(medication_id)

    def medications(self, person_id: str, include_removed: bool = False) -> list[Medication]:
        mine = [
            m
            for m in self.s.medications.values()
            if m.person_id == person_id and (include_removed or m.removed_at is None)
        ]
        return sorted(mine, key=lambda m: (m.added_at, m.id))

    def remove_medication(self, medication_id: str, at: datetime) -> None:
        found = self.s.medications[medication_id]  # KeyError is a LookupError, as in SQL
        self.s.medications[medication_id] = replace(found, removed_at=at)

    def conditions(self, person_id: str) -> list[RecordedCondition]:
        mine = [c for (p, _), c in self.s.conditions.items() if p == person_id]
        return sorted(mine, key=lambda c: c.code)

    def replace_conditions(self, person_id: str, conditions: Sequence[RecordedCondition]) -> None:
        for key in [k for k in self.s.conditions if k[0] == person_id]:
            del self.s.conditions[key]
        for condition in conditions:
            self.s.conditions[(condition.person_id, condition.code)] = condition

    def add_red_flag_report(self, report: RedFlagReport) -> bool:
        if report.id in self.s.red_flag_reports:
            return False
        self.s.red_flag_reports[report.id] = report
        return True

    def get_red_flag_report(self, report_id: str) -> RedFlagReport | None:
        return self.s.red_flag_reports.get(report_id)

    def red_flag_reports(self, person_id: str, limit: int = 50) -> list[RedFlagReport]:
        mine = sorted(
            (r for r in self.s.red_flag_reports.values() if r.person_id == person_id),
            key=lambda r: r.id,
        )
        return sorted(mine, key=lambda r: r.reported_at, reverse=True)[:limit]


# mypy checks the fake against its port here: a port change the fake does not follow fails lint.
_precautions: PrecautionsRepository = FakePrecautions(Store())
