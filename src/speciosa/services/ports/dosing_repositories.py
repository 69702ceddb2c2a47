"""Repository ports of the dosing feature: the dose journal, taper plans and dependence screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.foundation.corrections import RecordStatus


class DoseRepository(Protocol):
    """The dose journal; the client-generated id is the primary key."""

    def add(self, dose: Dose) -> bool:
        """Store it; False (nothing stored) when a dose with this id exists already."""
        ...

    def get(self, dose_id: str) -> Dose | None: ...

    def mark(
        self, dose_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current dose (corrected / entered in error); False if not current."""
        ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Dose]:
        """Newest first by (taken_at, id), every status (the history);
        `after` is the last (taken_at, id) already seen."""
        ...

    def between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Current doses (not corrected or in error) with start <= taken_at < end, oldest
        first."""
        ...

    def in_error_between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Doses marked entered in error with start <= taken_at < end (for exports)."""
        ...

    def kratom_grams_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, Decimal]]:
        """(taken_at, grams) of each kratom dose with start <= taken_at < end, oldest first."""
        ...

    def latest_kratom(self, person_id: str) -> Dose | None: ...


class TaperPlanRepository(Protocol):
    """Taper plans and the holds placed on their steps."""

    def add(self, plan: TaperPlan) -> None: ...

    def get(self, plan_id: str) -> TaperPlan | None: ...

    def save(self, plan: TaperPlan) -> bool:
        """Store the plan's new state; False (nothing changed) when approving it would make a
        second active plan for the same person and substance."""
        ...

    def for_person(self, person_id: str) -> list[TaperPlan]:
        """Newest first."""
        ...

    def active_for_persons(self, person_ids: Sequence[str]) -> list[TaperPlan]: ...

    def add_hold(self, hold: TaperHold) -> bool:
        """Store it; False when this plan's step already has a hold from that date."""
        ...

    def holds(self, plan_id: str) -> list[TaperHold]: ...


class DependenceScreenRepository(Protocol):
    def add(self, screen: DependenceScreen) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, screen_id: str) -> DependenceScreen | None: ...

    def for_person(self, person_id: str, limit: int = 20) -> list[DependenceScreen]:
        """Newest first."""
        ...
