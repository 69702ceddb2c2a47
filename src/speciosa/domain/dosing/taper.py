"""Taper plans: from a start amount to zero in steps a clinician approves.

Each step reduces the current amount by the plan's percent, rounded to the unit step (the
smallest amount the person can measure: 0.5 g, one capsule), never by less than one unit step,
and ends at zero. Amounts are counted in whole unit steps so that rounding never drifts.
Guidance the parameters are usually drawn from (reference/taper_guidance.yaml): Washington State
AMDG (10 % of the starting dose per week; slow or pause, do not reverse), CDC 2022 (about 10 %
per month for long-term use), VA/DoD (5–20 % every 4 weeks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from speciosa.domain.foundation.errors import InvalidInput

MAX_STEPS = 520  # ten years of weekly steps: anything longer is a mistyped parameter
MAX_INTERVAL_DAYS = 365


@dataclass(frozen=True)
class TaperParameters:
    start: Decimal
    unit_step: Decimal
    reduction_pct: Decimal
    every_days: int
    start_date: date


@dataclass(frozen=True)
class TaperStep:
    index: int
    date: date
    amount: Decimal
    units: int  # amount / unit_step


def _decimal(value: float | str | Decimal, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise InvalidInput(f"{field} must be a number, got {value!r}.", field=field) from None
    if not number.is_finite():
        raise InvalidInput(f"{field} must be a finite number.", field=field)
    return number


def check_parameters(
    start: float | str | Decimal,
    unit_step: float | str | Decimal,
    reduction_pct: float | str | Decimal,
    every_days: int,
    start_date: date,
) -> TaperParameters:
    start_d = _decimal(start, "start")
    unit_d = _decimal(unit_step, "unit_step")
    pct_d = _decimal(reduction_pct, "reduction_pct")
    if start_d <= 0:
        raise InvalidInput("start must be more than zero.", field="start")
    if unit_d <= 0:
        raise InvalidInput(
            "unit_step must be more than zero (e.g. 0.5 g or 1 capsule).", field="unit_step"
        )
    if unit_d > start_d:
        raise InvalidInput("unit_step cannot be larger than the start amount.", field="unit_step")
    if start_d % unit_d != 0:
        raise InvalidInput(
            f"start ({start_d}) must be a whole number of unit steps of {unit_d}.", field="start"
        )
    if not 0 < pct_d <= 100:
        raise InvalidInput(
            "reduction_pct must be more than 0 and at most 100.", field="reduction_pct"
        )
    if isinstance(every_days, bool) or not 1 <= every_days <= MAX_INTERVAL_DAYS:
        raise InvalidInput(
            f"every_days must be a whole number from 1 to {MAX_INTERVAL_DAYS}.", field="every_days"
        )
    return TaperParameters(start_d, unit_d, pct_d, every_days, start_date)


def reduction_units(current_units: int, reduction_pct: Decimal) -> int:
    """Whole unit steps to take off: the percent of the current amount, rounded half up,
    at least one."""
    exact = Decimal(current_units) * reduction_pct / Decimal(100)
    return max(1, int(exact.to_integral_value(rounding=ROUND_HALF_UP)))


def plan_taper(params: TaperParameters) -> list[TaperStep]:
    units = int(params.start / params.unit_step)
    steps = [TaperStep(0, params.start_date, params.start, units)]
    while units > 0:
        units = max(0, units - reduction_units(units, params.reduction_pct))
        index = len(steps)
        if index > MAX_STEPS:
            raise InvalidInput(
                f"This plan would take more than {MAX_STEPS} steps; use a larger reduction or "
                "unit step.",
                field="reduction_pct",
            )
        steps.append(
            TaperStep(
                index,
                params.start_date + timedelta(days=params.every_days * index),
                params.unit_step * units,
                units,
            )
        )
    return steps


def amount_number(amount: Decimal) -> float | int:
    """A JSON-friendly number: 10 stays 10, 9.5 stays 9.5 (no binary noise such as 9.499999)."""
    normalised = amount.normalize()
    if normalised == normalised.to_integral_value():
        return int(normalised)
    return float(normalised)


def weeks_to_zero(steps: list[TaperStep]) -> float:
    days = (steps[-1].date - steps[0].date).days
    return math.ceil(days / 7 * 10) / 10
