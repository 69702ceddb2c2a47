"""Dosing as a report shows it: the doses, the approved taper plan's steps and the holds in the
period, as the dose journal gives them (`services.dosing.history.DosingHistory.history_in`),
and the doses summed per local day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum


class DoseKind(StrEnum):
    KRATOM = "kratom"
    OPIOID = "opioid"


@dataclass(frozen=True)
class ReportDose:
    """A logged dose, as the dose journal gives it (through the dose-history read port)."""

    id: str
    taken_at: datetime
    kind: DoseKind
    label: str  # the product ("Vendor Product, lot L") or the opioid's name
    amount: float
    unit: str  # "g", "capsule", "mL", "mg"
    grams: float | None = None  # kratom leaf grams, after converting capsules or millilitres
    mitragynine_mg: float | None = None
    hydroxymitragynine_mg: float | None = None
    route: str = ""
    note: str = ""
    status: str = "current"  # current | entered_in_error (corrections, issue 12)


@dataclass(frozen=True)
class ReportPlanStep:
    """A step of a clinician-approved taper plan."""

    plan_id: str
    index: int
    on: date
    amount: float
    unit: str
    status: str = "planned"  # planned | current | held | done


@dataclass(frozen=True)
class ReportHold:
    """A reduction the plan held (never reversed) because symptoms rose."""

    plan_id: str
    at: datetime
    reason: str
    step_on: date | None = None


@dataclass(frozen=True)
class DoseHistory:
    doses: tuple[ReportDose, ...] = ()
    plan_steps: tuple[ReportPlanStep, ...] = ()
    holds: tuple[ReportHold, ...] = ()
    plan_label: str = ""
    available: bool = True  # False when no dose journal is wired in (reports say so)
    # Doses marked entered in error in the period: exported (FHIR) as such, never counted.
    entered_in_error: tuple[ReportDose, ...] = ()


@dataclass(frozen=True)
class DailyDoses:
    day: date
    count: int
    kratom_grams: float | None  # None when no kratom dose that day has a gram amount
    mitragynine_mg: float | None


def daily_doses(doses: Sequence[ReportDose], tz: tzinfo) -> list[DailyDoses]:
    """Doses summed per local day (kratom grams and mitragynine mg), oldest first."""
    days: dict[date, list[ReportDose]] = {}
    for dose in doses:
        days.setdefault(dose.taken_at.astimezone(tz).date(), []).append(dose)
    result = []
    for day, mine in sorted(days.items()):
        grams = [d.grams for d in mine if d.kind is DoseKind.KRATOM and d.grams is not None]
        mg = [d.mitragynine_mg for d in mine if d.mitragynine_mg is not None]
        result.append(
            DailyDoses(
                day,
                len(mine),
                round(sum(grams), 3) if grams else None,
                round(sum(mg), 1) if mg else None,
            )
        )
    return result
