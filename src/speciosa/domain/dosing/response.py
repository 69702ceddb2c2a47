"""Per-person response ("effects vary by individual and strain"): for each product and dose size,
how this person's withdrawal score moved from the check-in before a dose to the first one after
it. Counts and medians only — a table for a clinician to read, never a recommendation.

Several doses can fall between the same two check-ins; such a pair is counted once per product
and size, so one bad evening does not count three times.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from speciosa.domain.dosing.doses import Dose
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

# A check-in more than a day away from a dose says little about that dose: a display window,
# not a clinical constant (daily check-ins are what the product asks for).
PAIR_WINDOW = timedelta(hours=24)
SIZE_STEP = Decimal("0.5")  # dose sizes are grouped to the nearest half gram


@dataclass(frozen=True)
class ResponseRow:
    product: str
    size_grams: Decimal
    doses: int
    pairs: int  # distinct (before, after) check-in pairs around these doses
    median_change: float | None
    fell: int
    same: int
    rose: int


def size_of(grams: Decimal) -> Decimal:
    return (grams / SIZE_STEP).quantize(Decimal(1), ROUND_HALF_UP) * SIZE_STEP


def _pair(
    dose: Dose, checkins: Sequence[ScoredCheckIn]
) -> tuple[ScoredCheckIn, ScoredCheckIn] | None:
    before = [c for c in checkins if dose.taken_at - PAIR_WINDOW <= c.taken_at <= dose.taken_at]
    after = [c for c in checkins if dose.taken_at < c.taken_at <= dose.taken_at + PAIR_WINDOW]
    if not before or not after:
        return None
    return before[-1], after[0]


def summarise_response(
    doses: Sequence[Dose], checkins: Sequence[ScoredCheckIn], instrument: str = "sows"
) -> list[ResponseRow]:
    """Rows sorted by product, then dose size. `checkins` oldest first."""
    series = sorted(
        (c for c in checkins if c.instrument == instrument), key=lambda c: (c.taken_at, c.id)
    )
    groups: dict[tuple[str, Decimal], tuple[int, dict[tuple[str, str], int]]] = {}
    for dose in doses:
        if not dose.is_kratom or dose.grams is None:
            continue
        key = (dose.product_label or "Kratom (no product chosen)", size_of(dose.grams))
        count, pairs = groups.get(key, (0, {}))
        found = _pair(dose, series)
        if found is not None:
            pairs[(found[0].id, found[1].id)] = found[1].total - found[0].total
        groups[key] = (count + 1, pairs)
    rows = []
    for (product, size), (count, pairs) in sorted(groups.items()):
        changes = list(pairs.values())
        rows.append(
            ResponseRow(
                product=product,
                size_grams=size,
                doses=count,
                pairs=len(changes),
                median_change=float(statistics.median(changes)) if changes else None,
                fell=sum(1 for c in changes if c < 0),
                same=sum(1 for c in changes if c == 0),
                rose=sum(1 for c in changes if c > 0),
            )
        )
    return rows
