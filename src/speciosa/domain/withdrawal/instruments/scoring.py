"""Scoring an answer set: strict validation, a total that is always the sum of its item scores,
the band (with its authority) where a source gives one, and an explanation of every item.

Values are strict integers: "3", 2.5 and true are refused, never coerced. An item that can be
given as a measurement (COWS `pulse` or `pulse_bpm`) takes exactly one of the two; the
measurement is kept apart from the scored answers so that the total always equals the sum of the
item scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.instruments.definitions import Band, Instrument, Item, Measurement


@dataclass(frozen=True)
class ItemScore:
    """One answer: `id` is the key as given (`pulse` or `pulse_bpm`), `item_id` the scored item."""

    id: str
    item_id: str
    value: int
    score: int
    text: str


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int
    max_total: int
    band: Band | None
    items: tuple[ItemScore, ...]

    @property
    def answers(self) -> dict[str, int]:
        """The scored answers, item id -> option score (what a total is the sum of)."""
        return {i.item_id: i.score for i in self.items}

    @property
    def measurements(self) -> dict[str, int]:
        """Numbers given instead of a score (e.g. pulse_bpm -> 96); not part of the total."""
        return {i.id: i.value for i in self.items if i.id != i.item_id}

    @property
    def band_label(self) -> str | None:
        return self.band.label if self.band else None


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field(key: str) -> str:
    return f"answers.{key}"


def _allowed_ids(instrument: Instrument) -> str:
    ids = []
    for item in instrument.items:
        measurement = instrument.measurement_for_item(item.id)
        ids.append(f"{item.id} (or {measurement.id})" if measurement else item.id)
    return ", ".join(ids)


def _score_option(item: Item, value: object) -> ItemScore:
    if not _is_whole_number(value):
        raise InvalidInput(
            f"{item.id} ({item.text}) must be a whole number, one of {item.allowed()}; "
            f"got {value!r}.",
            field=_field(item.id),
        )
    assert isinstance(value, int)  # narrowed by _is_whole_number
    option = item.option_for(value)
    if option is None:
        raise InvalidInput(
            f"{item.id} ({item.text}): {value} is not one of its options; allowed: "
            f"{item.allowed()}.",
            field=_field(item.id),
        )
    return ItemScore(item.id, item.id, value, option.score, option.text)


def _score_measurement(item: Item, measurement: Measurement, value: object) -> ItemScore:
    low, high = measurement.plausible_min, measurement.plausible_max
    if not _is_whole_number(value) or not low <= value <= high:  # type: ignore[operator]
        raise InvalidInput(
            f"{measurement.id} ({item.text}) must be whole {measurement.unit} from {low} to "
            f"{high}; got {value!r}. Or give {item.id} as one of {item.allowed()}.",
            field=_field(measurement.id),
        )
    assert isinstance(value, int)
    score = measurement.score_for(value)
    option = item.option_for(score)
    text = option.text if option else ""
    return ItemScore(measurement.id, item.id, value, score, text)


def score_answers(instrument: Instrument, answers: object) -> Score:
    """Validate and score; the first problem raises InvalidInput naming the item."""
    if not isinstance(answers, Mapping):
        raise InvalidInput(
            f"answers must map each {instrument.name.upper()} item id to a value.", field="answers"
        )
    known = {i.id for i in instrument.items} | {m.id for m in instrument.measurements}
    for key in answers:
        if key not in known:
            raise InvalidInput(
                f"{key!s} is not a {instrument.name.upper()} item; the items are: "
                f"{_allowed_ids(instrument)}.",
                field=_field(str(key)),
            )
    scored = []
    for item in instrument.items:
        measurement = instrument.measurement_for_item(item.id)
        given_item = item.id in answers
        given_measurement = measurement is not None and measurement.id in answers
        if given_item and given_measurement:
            assert measurement is not None
            raise InvalidInput(
                f"Give either {item.id} or {measurement.id}, not both.", field=_field(item.id)
            )
        if given_measurement:
            assert measurement is not None
            scored.append(_score_measurement(item, measurement, answers[measurement.id]))
        elif given_item:
            scored.append(_score_option(item, answers[item.id]))
        else:
            alternative = f" (or {measurement.id} in {measurement.unit})" if measurement else ""
            raise InvalidInput(
                f"{item.id} ({item.text}) is missing: give one of {item.allowed()}{alternative}.",
                field=_field(item.id),
            )
    total = sum(s.score for s in scored)
    return Score(
        instrument=instrument.name,
        total=total,
        max_total=instrument.max_total,
        band=instrument.band_for(total),
        items=tuple(scored),
    )
