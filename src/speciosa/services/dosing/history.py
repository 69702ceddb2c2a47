"""The dose journal and approved taper plans as reports, the timeline and the cohort export read
them: the dosing feature's query for read models (`history_in`, inside the caller's
transaction), which `services/reports/` calls like any other feature's query method."""

from __future__ import annotations

from datetime import datetime, timedelta

from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.holds import schedule_steps
from speciosa.domain.dosing.taper import plan_taper
from speciosa.domain.reports.dosing import (
    DoseHistory,
    DoseKind,
    ReportDose,
    ReportHold,
    ReportPlanStep,
)
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork

REPORT_UNITS = {"g": "g", "unit": "capsule", "ml": "mL", "mg": "mg"}


def _report_dose(dose: Dose) -> ReportDose:
    return ReportDose(
        id=dose.id,
        taken_at=dose.taken_at,
        kind=DoseKind(dose.kind.value),
        label=dose.product_label or ("Kratom" if dose.is_kratom else dose.drug),
        amount=float(dose.amount),
        unit=REPORT_UNITS.get(dose.unit, dose.unit),
        grams=float(dose.grams) if dose.grams is not None else None,
        mitragynine_mg=float(dose.mitragynine_mg) if dose.mitragynine_mg is not None else None,
        hydroxymitragynine_mg=(
            float(dose.hydroxymitragynine_mg) if dose.hydroxymitragynine_mg is not None else None
        ),
        route=dose.route.value if dose.route else "",
        note=dose.note,
        status=dose.status.value,
    )


class DosingHistory:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def history_in(
        self, uow: UnitOfWork, person_id: str, start: datetime, end: datetime
    ) -> DoseHistory:
        doses = tuple(_report_dose(d) for d in uow.doses.between(person_id, start, end))
        tz = person_timezone(uow, person_id)
        today = self._clock.now().astimezone(tz).date()
        first, last = (
            start.astimezone(tz).date(),
            (end - timedelta(microseconds=1)).astimezone(tz).date(),
        )
        steps: list[ReportPlanStep] = []
        holds: list[ReportHold] = []
        labels = []
        for plan in uow.taper_plans.for_person(person_id):
            if not plan.active:
                continue
            labels.append(plan.title)
            plan_holds = uow.taper_plans.holds(plan.id)
            schedule = schedule_steps(plan_taper(plan.parameters), plan_holds)
            current_index = max((s.index for s in schedule if s.date <= today), default=-1)
            for step in schedule:
                if not first <= step.date <= last:
                    continue
                if step.index < current_index:
                    status = "done"
                elif step.index == current_index:
                    status = "current"
                elif step.holds:
                    status = "held"
                else:
                    status = "planned"
                steps.append(
                    ReportPlanStep(
                        plan.id, step.index, step.date, float(step.amount), plan.unit, status
                    )
                )
            for hold in plan_holds:
                if start <= hold.created_at < end:
                    holds.append(
                        ReportHold(
                            plan.id,
                            hold.created_at,
                            f"{hold.instrument.upper()} rose from {hold.from_total} to "
                            f"{hold.to_total}; step {hold.step_index} held {hold.days} days "
                            "(not reversed).",
                            hold.until,
                        )
                    )
        return DoseHistory(
            doses=doses,
            plan_steps=tuple(sorted(steps, key=lambda s: (s.on, s.index))),
            holds=tuple(holds),
            plan_label="; ".join(labels),
            available=True,
            entered_in_error=tuple(
                _report_dose(d) for d in uow.doses.in_error_between(person_id, start, end)
            ),
        )
