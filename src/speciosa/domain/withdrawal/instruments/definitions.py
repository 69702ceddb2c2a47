"""Instrument definitions parsed from their reference tables (`instrument_<name>.yaml`).

Nothing about an instrument is written in code: its items, the exact wording and score of each
option, measurements that band into an item (the COWS resting pulse in beats per minute), and its
severity bands with the authority that publishes them all come from sourced reference rows. A
malformed table fails start-up with a message that names the row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable


class Rater(StrEnum):
    PERSON = "person"  # self-report (SOWS)
    CLINICIAN = "clinician"  # clinician-administered (COWS)
    OBSERVER = "observer"  # timed observation by a rater (OOWS)


@dataclass(frozen=True)
class Option:
    score: int
    text: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]
    instruction: str = ""
    published_text: str = ""

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(o.score for o in self.options)

    @property
    def max_score(self) -> int:
        return max(self.scores)

    def option_for(self, score: int) -> Option | None:
        return next((o for o in self.options if o.score == score), None)

    def allowed(self) -> str:
        """The allowed values, for error messages: "0, 1, 3 or 5"."""
        values = [str(s) for s in self.scores]
        return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


@dataclass(frozen=True)
class MeasurementBand:
    max: int | None  # inclusive upper bound; None = no upper bound
    score: int


@dataclass(frozen=True)
class Measurement:
    """A number that is not itself scored but bands into an item's option (COWS `pulse_bpm`)."""

    id: str
    scores_item: str
    unit: str
    bands: tuple[MeasurementBand, ...]
    plausible_min: int
    plausible_max: int

    def score_for(self, value: int) -> int:
        for band in self.bands:
            if band.max is None or value <= band.max:
                return band.score
        raise ReferenceDataError(f"{self.id}: the last band must have no upper bound.")


@dataclass(frozen=True)
class Band:
    label: str
    min: int
    max: int
    source: str
    authority: str = ""  # who publishes the band when it is not the instrument's author
    note: str = ""

    def contains(self, total: int) -> bool:
        return self.min <= total <= self.max

    @property
    def described(self) -> str:
        """ "moderate (NIDA CTN band)" — a band is always shown with its authority."""
        return f"{self.label} ({self.authority} band)" if self.authority else self.label


@dataclass(frozen=True)
class Instrument:
    name: str
    title: str
    rater: Rater
    instructions: str
    source: str
    items: tuple[Item, ...]
    measurements: tuple[Measurement, ...] = ()
    bands: tuple[Band, ...] = ()

    @property
    def max_total(self) -> int:
        return sum(item.max_score for item in self.items)

    @property
    def min_total(self) -> int:
        return sum(min(item.scores) for item in self.items)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def measurement(self, measurement_id: str) -> Measurement | None:
        return next((m for m in self.measurements if m.id == measurement_id), None)

    def measurement_for_item(self, item_id: str) -> Measurement | None:
        return next((m for m in self.measurements if m.scores_item == item_id), None)

    def band_for(self, total: int) -> Band | None:
        return next((b for b in self.bands if b.contains(total)), None)


def _text(row: Mapping[str, object], key: str, where: str, required: bool = True) -> str:
    value = row.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ReferenceDataError(f"{where}: '{key}' must be text.")
    return value.strip()


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReferenceDataError(f"{where}: expected a whole number, got {value!r}.")
    return value


def _options(row: Mapping[str, object], where: str) -> tuple[Option, ...]:
    raw = row.get("options")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) < 2:
        raise ReferenceDataError(f"{where}: an item needs a list of at least two options.")
    options = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ReferenceDataError(f"{where}: each option is a mapping of score and text.")
        options.append(Option(_int(entry.get("score"), where), _text(entry, "text", where)))
    scores = [o.score for o in options]
    if scores != sorted(set(scores)) or scores[0] < 0:
        raise ReferenceDataError(f"{where}: option scores must be distinct, rising, from >= 0.")
    return tuple(options)


def _measurement(row: Mapping[str, object], where: str) -> Measurement:
    raw = row.get("bands")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise ReferenceDataError(f"{where}: a measurement needs bands.")
    bands = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ReferenceDataError(f"{where}: each band is a mapping of max and score.")
        upper = entry.get("max")
        bands.append(
            MeasurementBand(
                None if upper is None else _int(upper, where), _int(entry.get("score"), where)
            )
        )
    if bands[-1].max is not None or any(b.max is None for b in bands[:-1]):
        raise ReferenceDataError(f"{where}: only the last band may (and must) be open-ended.")
    return Measurement(
        id=_text(row, "id", where),
        scores_item=_text(row, "scores_item", where),
        unit=_text(row, "unit", where),
        bands=tuple(bands),
        plausible_min=_int(row.get("plausible_min"), where),
        plausible_max=_int(row.get("plausible_max"), where),
    )


def parse_instrument(table: ReferenceTable) -> Instrument:
    """Build an instrument from its table; every inconsistency is a start-up error."""
    header: Mapping[str, object] | None = None
    items: list[Item] = []
    measurements: list[Measurement] = []
    bands: list[Band] = []
    for index, row in enumerate(table.rows):
        where = f"{table.name} row {index + 1}"
        kind = row.get("kind")
        if kind == "instrument":
            header = row
        elif kind == "item":
            items.append(
                Item(
                    id=_text(row, "id", where),
                    text=_text(row, "text", where),
                    options=_options(row, where),
                    instruction=_text(row, "instruction", where, required=False),
                    published_text=_text(row, "published_text", where, required=False),
                )
            )
        elif kind == "measurement":
            measurements.append(_measurement(row, where))
        elif kind == "band":
            bands.append(
                Band(
                    label=_text(row, "label", where),
                    min=_int(row.get("min"), where),
                    max=_int(row.get("max"), where),
                    source=_text(row, "source", where),
                    authority=_text(row, "authority", where, required=False),
                    note=_text(row, "note", where, required=False),
                )
            )
        else:
            raise ReferenceDataError(f"{where}: unknown kind {kind!r}.")
    if header is None:
        raise ReferenceDataError(f"{table.name}: no 'kind: instrument' row.")
    where = f"{table.name} instrument row"
    try:
        rater = Rater(_text(header, "rater", where))
    except ValueError:
        raise ReferenceDataError(f"{where}: rater must be person, clinician or observer.") from None
    instrument = Instrument(
        name=_text(header, "name", where),
        title=_text(header, "title", where),
        rater=rater,
        instructions=_text(header, "instructions", where, required=False),
        source=_text(header, "source", where),
        items=tuple(items),
        measurements=tuple(measurements),
        bands=tuple(sorted(bands, key=lambda b: b.min)),
    )
    _check_consistency(instrument)
    return instrument


def _check_consistency(instrument: Instrument) -> None:
    name = instrument.name
    ids = [i.id for i in instrument.items] + [m.id for m in instrument.measurements]
    if not instrument.items or len(ids) != len(set(ids)):
        raise ReferenceDataError(f"{name}: items and measurements need distinct ids.")
    for measurement in instrument.measurements:
        item = instrument.item(measurement.scores_item)
        if item is None:
            raise ReferenceDataError(f"{name}: {measurement.id} bands into an unknown item.")
        if any(b.score not in item.scores for b in measurement.bands):
            raise ReferenceDataError(f"{name}: {measurement.id} bands to a score {item.id} lacks.")
    # Bands, where a source gives them, must tile the possible totals without gaps or overlaps.
    if instrument.bands:
        expected = instrument.min_total
        for band in instrument.bands:
            if band.min != expected or band.max < band.min:
                raise ReferenceDataError(f"{name}: band '{band.label}' leaves a gap or overlap.")
            expected = band.max + 1
        if expected != instrument.max_total + 1:
            raise ReferenceDataError(f"{name}: bands must end at the maximum total.")


INSTRUMENT_TABLES: Mapping[str, str] = {
    "cows": "instrument_cows",
    "sows": "instrument_sows",
    "oows": "instrument_oows",
}
