"""Repository port of the precautions feature: medicines, conditions and red-flag reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport


class PrecautionsRepository(Protocol):
    """A person's medication list, recorded conditions and red-flag reports."""

    def add_medication(self, medication: Medication) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get_medication(self, medication_id: str) -> Medication | None: ...

    def medications(self, person_id: str, include_removed: bool = False) -> list[Medication]: ...

    def remove_medication(self, medication_id: str, at: datetime) -> None: ...

    def conditions(self, person_id: str) -> list[RecordedCondition]: ...

    def replace_conditions(
        self, person_id: str, conditions: Sequence[RecordedCondition]
    ) -> None: ...

    def add_red_flag_report(self, report: RedFlagReport) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get_red_flag_report(self, report_id: str) -> RedFlagReport | None: ...

    def red_flag_reports(self, person_id: str, limit: int = 50) -> list[RedFlagReport]: ...
