"""Individual Typology Angle (ITA°) and its skin-colour categories.

ITA° = arctan((L* − 50) / b*) × 180/π (Chardon A, Cretois I, Hourseau C. Skin colour typology and
suntanning pathways. Int J Cosmet Sci 1991;13:191–208). The six categories and their bounds come
from reference data (`ita_categories.yaml`, Del Bino et al. 2006), never from this module.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from speciosa.domain.foundation.errors import ReferenceDataError


@dataclass(frozen=True)
class ItaCategory:
    """One band: `above` < ITA° ≤ `up_to` (None = unbounded on that side)."""

    key: str
    label: str
    above: float | None
    up_to: float | None

    def contains(self, ita_deg: float) -> bool:
        return (self.above is None or ita_deg > self.above) and (
            self.up_to is None or ita_deg <= self.up_to
        )


def ita_degrees(lightness: float, b_star: float) -> float:
    """ITA° of one colour. Equals Chardon's arctan((L*−50)/b*) wherever b* > 0 (every skin
    colour); atan2 keeps it defined, and monotonic in L*, for b* ≤ 0."""
    return math.degrees(math.atan2(lightness - 50.0, b_star))


def _bound(row: Mapping[str, object], name: str, where: str) -> float | None:
    value = row.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReferenceDataError(f"{where}: '{name}' must be a number or empty.")
    return float(value)


def parse_ita_categories(rows: Sequence[Mapping[str, object]]) -> tuple[ItaCategory, ...]:
    """Bands from the reference rows; they must tile the whole angle range without gaps."""
    categories = []
    for index, row in enumerate(rows):
        where = f"ita_categories row {index + 1}"
        key, label = row.get("category"), row.get("label")
        if not isinstance(key, str) or not isinstance(label, str):
            raise ReferenceDataError(f"{where}: 'category' and 'label' are text.")
        categories.append(
            ItaCategory(key, label, _bound(row, "above", where), _bound(row, "up_to", where))
        )
    ordered = sorted(categories, key=lambda c: -math.inf if c.above is None else c.above)
    if not ordered or ordered[0].above is not None or ordered[-1].up_to is not None:
        raise ReferenceDataError("ita_categories: the bands must be open at both ends.")
    for lower, upper in itertools.pairwise(ordered):
        if lower.up_to != upper.above:
            raise ReferenceDataError(
                f"ita_categories: '{lower.key}' ends at {lower.up_to} but '{upper.key}' starts "
                f"above {upper.above}; the bands must meet."
            )
    return tuple(ordered)


def classify_ita(ita_deg: float, categories: Sequence[ItaCategory]) -> ItaCategory:
    for category in categories:
        if category.contains(ita_deg):
            return category
    raise ValueError(f"no ITA category contains {ita_deg}")  # unreachable when bands tile
