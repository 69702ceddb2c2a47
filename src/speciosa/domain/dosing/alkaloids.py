"""Milligrams of alkaloid in a dose, from grams of leaf and the lab certificate's percentages.

A percent is grams of alkaloid per 100 g of material, so mg = grams × (percent / 100) × 1000
= grams × percent × 10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from speciosa.domain.foundation.errors import InvalidInput

MG_PER_GRAM_PERCENT = 10.0  # 1 g at 1 % w/w holds 0.01 g = 10 mg


@dataclass(frozen=True)
class AlkaloidDose:
    mitragynine_mg: float
    hydroxymitragynine_mg: float | None


def _check_grams(grams: float, field: str) -> None:
    if not math.isfinite(grams) or grams < 0:
        raise InvalidInput(f"{field} must be zero or more grams, got {grams}.", field=field)


def _check_percent(percent: float, field: str) -> None:
    if not math.isfinite(percent) or not 0 <= percent <= 100:
        raise InvalidInput(
            f"{field} must be a percentage from 0 to 100, got {percent}.", field=field
        )


def alkaloid_mg(grams: float, percent: float) -> float:
    """mg of one alkaloid in `grams` of material that contains `percent` % w/w of it."""
    return round(grams * percent * MG_PER_GRAM_PERCENT, 3)


def measure_alkaloids(
    grams: float,
    mitragynine_pct: float,
    hydroxymitragynine_pct: float | None = None,
    *,
    fields: tuple[str, str, str] = ("grams", "mitragynine_pct", "hydroxymitragynine_pct"),
) -> AlkaloidDose:
    """Validate and convert; `fields` names the inputs as the caller's user knows them."""
    _check_grams(grams, fields[0])
    _check_percent(mitragynine_pct, fields[1])
    if hydroxymitragynine_pct is not None:
        _check_percent(hydroxymitragynine_pct, fields[2])
    return AlkaloidDose(
        mitragynine_mg=alkaloid_mg(grams, mitragynine_pct),
        hydroxymitragynine_mg=(
            None if hydroxymitragynine_pct is None else alkaloid_mg(grams, hydroxymitragynine_pct)
        ),
    )
