"""In-memory fakes of the dosing ports: the dose journal, taper plans with their holds, and
dependence screens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose, DoseKind
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import PlanStatus, TaperPlan
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.services.ports.dosing_repositories import (
    DependenceScreenRepository,
    DoseRepository,
    TaperPlanRepository,
)
from tests.fakes.store import Store


class FakeDoses:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _of(self, person_id: str, *statuses: RecordStatus) -> list[Dose]:
        """The person's doses (of these statuses, when given), oldest first by (taken_at, id)."""
        return sorted(
            (
                d
                for d in self.s.doses.values()
                if d.person_id == person_id and (not statuses or d.status in statuses)
            ),
            key=lambda d: (d.taken_at, d.id),
        )

    def add(self, dose: Dose) -> bool:
        if dose.id in self.s.doses:
            return False
        self.s.doses[dose.id] = dose
        return True

    def get(self, dose_id: str) -> Dose | None:
        return self.s.doses.get(dose_id)

    def mark(
        self, dose_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        found = self.s.doses.get(dose_id)
        if found is None or found.status is not RecordStatus.CURRENT:
            return False
        self.s.doses[dose_id] = replace(
            found, status=status, superseded_by=superseded_by, status_reason=reason
        )
        return True

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Dose]:
        newest_first = list(reversed(self._of(person_id)))
        if after is not None:
            newest_first = [d for d in newest_first if (d.taken_at, d.id) < after]
        return newest_first[:limit]

    def between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        current = self._of(person_id, RecordStatus.CURRENT)
        return [d for d in current if start <= d.taken_at < end]

    def in_error_between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        in_error = self._of(person_id, RecordStatus.ENTERED_IN_ERROR)
        return [d for d in in_error if start <= d.taken_at < end]

    def kratom_grams_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, Decimal]]:
        return [
            (d.taken_at, d.grams or Decimal("0"))
            for d in self.between(person_id, start, end)
            if d.kind is DoseKind.KRATOM
        ]

    def latest_kratom(self, person_id: str) -> Dose | None:
        current = self._of(person_id, RecordStatus.CURRENT)
        kratom = [d for d in current if d.kind is DoseKind.KRATOM]
        return kratom[-1] if kratom else None


class FakeTaperPlans:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, plan: TaperPlan) -> None:
        if plan.id in self.s.taper_plans or (plan.active and self._active_twin(plan)):
            raise ValueError(f"taper plan {plan.id} breaks a unique key")  # as IntegrityError
        self.s.taper_plans[plan.id] = plan

    def _active_twin(self, plan: TaperPlan) -> bool:
        """Another approved plan for the same person and substance (the active_key unique)."""
        return any(
            p.active
            and p.id != plan.id
            and (p.person_id, p.substance) == (plan.person_id, plan.substance)
            for p in self.s.taper_plans.values()
        )

    def get(self, plan_id: str) -> TaperPlan | None:
        return self.s.taper_plans.get(plan_id)

    def save(self, plan: TaperPlan) -> bool:
        if plan.id not in self.s.taper_plans or (plan.active and self._active_twin(plan)):
            return False
        self.s.taper_plans[plan.id] = plan
        return True

    def for_person(self, person_id: str) -> list[TaperPlan]:
        mine = [p for p in self.s.taper_plans.values() if p.person_id == person_id]
        return sorted(mine, key=lambda p: (p.created_at, p.id), reverse=True)

    def active_for_persons(self, person_ids: Sequence[str]) -> list[TaperPlan]:
        return [
            p
            for p in self.s.taper_plans.values()
            if p.person_id in person_ids and p.status is PlanStatus.APPROVED
        ]

    def add_hold(self, hold: TaperHold) -> bool:
        key = (hold.plan_id, hold.step_index, hold.due_before)
        if hold.id in self.s.taper_holds or any(
            (h.plan_id, h.step_index, h.due_before) == key for h in self.s.taper_holds.values()
        ):
            return False
        self.s.taper_holds[hold.id] = hold
        return True

    def holds(self, plan_id: str) -> list[TaperHold]:
        mine = [h for h in self.s.taper_holds.values() if h.plan_id == plan_id]
        return sorted(mine, key=lambda h: (h.step_index, h.due_before))


class FakeDependenceScreens:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, screen: DependenceScreen) -> bool:
        if screen.id in self.s.dependence_screens:
            return False
        self.s.dependence_screens[screen.id] = screen
        return True

    def get(self, screen_id: str) -> DependenceScreen | None:
        return self.s.dependence_screens.get(screen_id)

    def for_person(self, person_id: str, limit: int = 20) -> list[DependenceScreen]:
        mine = [s for s in self.s.dependence_screens.values() if s.person_id == person_id]
        return sorted(mine, key=lambda s: (s.taken_at, s.id), reverse=True)[:limit]


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_doses: DoseRepository = FakeDoses(Store())
_taper_plans: TaperPlanRepository = FakeTaperPlans(Store())
_dependence_screens: DependenceScreenRepository = FakeDependenceScreens(Store())
