"""The dependence screen: the eleven DSM-5 substance use disorder criteria as self-report items,
counted and banded (2–3 mild, 4–5 moderate, 6 or more severe), with how many times a day the
person usually takes kratom (Rogers et al. 2024: frequency tracked symptoms more closely than
amount). Tolerance and withdrawal are not counted when the substance is taken solely under
appropriate medical supervision. A screen, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable

MAX_DOSES_PER_DAY = 50  # input sanity: more than 50 a day is a typo


@dataclass(frozen=True)
class ScreenItem:
    id: str
    criterion: int
    text: str
    physiological: bool
    source: str


@dataclass(frozen=True)
class SeverityBand:
    label: str
    min: int
    max: int
    source: str


@dataclass(frozen=True)
class ScreenDefinition:
    items: tuple[ScreenItem, ...]
    bands: tuple[SeverityBand, ...]

    def band_for(self, count: int) -> SeverityBand:
        return next(b for b in self.bands if b.min <= count <= b.max)


@dataclass(frozen=True)
class ScreenResult:
    answers: Mapping[str, bool]
    counted: tuple[str, ...]  # the items that count towards the total
    not_counted: tuple[str, ...]  # endorsed, but excluded under medical supervision
    count: int
    severity: str


@dataclass(frozen=True)
class DependenceScreen:
    id: str
    person_id: str
    substance: str
    answers: Mapping[str, bool]
    medically_supervised: bool
    typical_doses_per_day: int | None
    count: int
    severity: str
    taken_at: datetime
    recorded_by: str
    fingerprint: str


def parse_screen(table: ReferenceTable) -> ScreenDefinition:
    items: list[ScreenItem] = []
    bands: list[SeverityBand] = []
    for index, row in enumerate(table.rows, 1):
        where = f"{table.name} row {index}"
        if row.get("kind") == "item":
            criterion = row.get("criterion")
            if isinstance(criterion, bool) or not isinstance(criterion, int):
                raise ReferenceDataError(f"{where}: criterion must be a whole number.")
            items.append(
                ScreenItem(
                    str(row["id"]),
                    criterion,
                    " ".join(str(row["text"]).split()),
                    row.get("physiological") is True,
                    str(row["source"]),
                )
            )
        elif row.get("kind") == "band":
            low, high = row.get("min"), row.get("max")
            if not isinstance(low, int) or not isinstance(high, int) or low > high:
                raise ReferenceDataError(f"{where}: a band needs whole numbers min <= max.")
            bands.append(SeverityBand(str(row["label"]), low, high, str(row["source"])))
        else:
            raise ReferenceDataError(f"{where}: unknown kind {row.get('kind')!r}.")
    covered = sorted(n for b in bands for n in range(b.min, b.max + 1))
    if covered != list(range(len(items) + 1)):
        raise ReferenceDataError(f"{table.name}: the bands must cover 0..{len(items)} once each.")
    return ScreenDefinition(tuple(sorted(items, key=lambda i: i.criterion)), tuple(bands))


def score_screen(
    definition: ScreenDefinition, answers: Mapping[str, object], medically_supervised: bool
) -> ScreenResult:
    """Every item must be answered yes (True) or no (False); unknown ids are refused by name."""
    known = {item.id for item in definition.items}
    for key in answers:
        if key not in known:
            raise InvalidInput(f"Unknown screen item '{key}'.", field=f"answers.{key}")
    clean: dict[str, bool] = {}
    for item in definition.items:
        value = answers.get(item.id)
        if not isinstance(value, bool):
            raise InvalidInput(f"Answer yes or no to: {item.text}", field=f"answers.{item.id}")
        clean[item.id] = value
    endorsed = [i for i in definition.items if clean[i.id]]
    excluded = tuple(i.id for i in endorsed if medically_supervised and i.physiological)
    counted = tuple(i.id for i in endorsed if i.id not in excluded)
    return ScreenResult(
        clean, counted, excluded, len(counted), definition.band_for(len(counted)).label
    )


def check_doses_per_day(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DOSES_PER_DAY:
        raise InvalidInput(
            f"Times a day must be a whole number from 0 to {MAX_DOSES_PER_DAY}.",
            field="typical_doses_per_day",
        )
    return value
