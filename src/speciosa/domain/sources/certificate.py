"""The certificate of analysis as read from a file, and its results normalised.

Readers (JSON, CSV, PDF) produce a `Certificate`: the header (lab, product, batch, test date),
the result rows exactly as written, and the rows they could not read — never a guessed value.
`measure` turns each row into a `Measurement` in the analyte's normalised unit, or says why it
cannot (unknown analyte, unknown unit, unreadable value).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from speciosa.domain.sources.analytes import Analyte, AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.units import (
    Dimension,
    ParsedValue,
    ValueKind,
    from_base,
    parse_unit,
    parse_value,
    printed_bound,
    sample_mass_in,
    sample_mass_of,
    to_base,
)


@dataclass(frozen=True)
class RawResult:
    """One result row as the certificate wrote it; `line` points back into the file."""

    analyte: str
    value: str
    unit: str
    line: int | None = None
    page: int | None = None  # 1-based page of a PDF certificate the value was read from
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    review_reason: str | None = (
        None  # why a person must check this reading (e.g. low OCR confidence)
    )
    # As printed beside the result on a PDF, for the person who reviews the reading; never judged.
    loq: str | None = None
    lod: str | None = None
    printed_limit: str | None = None
    printed_status: str | None = None
    # The analyte's words and the result's words within `bbox`, so a phone can show just the two
    # a person compares, side by side and legible, rather than the whole width of the row.
    analyte_bbox: tuple[float, float, float, float] | None = None
    value_bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class UnreadableRow:
    line: int | None
    text: str
    reason: str


class CertificateFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    PDF = "pdf"


@dataclass(frozen=True)
class Certificate:
    lab: str
    product: str
    batch: str
    tested_on: date | None
    results: tuple[RawResult, ...]
    unreadable: tuple[UnreadableRow, ...] = ()
    source_format: CertificateFormat = CertificateFormat.JSON
    # Result rows (1-based) a person confirmed or corrected against the file. A JSON or CSV
    # certificate states its values; a value read from a PDF counts only once confirmed.
    confirmed_rows: frozenset[int] = frozenset()

    @property
    def needs_review(self) -> bool:
        return self.source_format is CertificateFormat.PDF

    def is_confirmed(self, row: int) -> bool:
        return not self.needs_review or row in self.confirmed_rows

    @property
    def unconfirmed_rows(self) -> list[int]:
        return [n for n in range(1, len(self.results) + 1) if not self.is_confirmed(n)]


# ------------------------------------------------------------------------------- measuring


class Problem(StrEnum):
    UNKNOWN_ANALYTE = "unknown_analyte"
    UNKNOWN_UNIT = "unknown_unit"
    UNREADABLE_VALUE = "unreadable_value"


@dataclass(frozen=True)
class Measurement:
    """A result in the analyte's normalised unit. `value` is the amount (NUMBER) or the upper
    bound (BELOW); pathogens carry presence and the sample mass instead."""

    analyte: Analyte
    kind: ValueKind
    value: Decimal | None
    unit: str
    raw: RawResult
    sample_grams: Decimal | None = None
    confirmed: bool = True  # False: read from a PDF and not yet confirmed by a person
    sample_from_limit: bool = False  # the sample mass was read from the lab's printed limit


@dataclass(frozen=True)
class Unmeasured:
    raw: RawResult
    problem: Problem
    analyte: Analyte | None = None
    detail: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class Measurements:
    measured: tuple[Measurement, ...]
    unmeasured: tuple[Unmeasured, ...] = field(default=())

    def of(self, key: str) -> list[Measurement]:
        return [m for m in self.measured if m.analyte.key == key]

    def keys(self) -> set[str]:
        """Analytes the certificate reports at all (measured or not)."""
        found = {m.analyte.key for m in self.measured}
        return found | {u.analyte.key for u in self.unmeasured if u.analyte is not None}


def measure_all(certificate: Certificate, catalogue: AnalyteCatalogue) -> Measurements:
    measured: list[Measurement] = []
    unmeasured: list[Unmeasured] = []
    for row, raw in enumerate(certificate.results, start=1):
        result = replace(measure(raw, catalogue), confirmed=certificate.is_confirmed(row))
        if isinstance(result, Measurement):
            measured.append(result)
        else:
            unmeasured.append(result)
    return Measurements(tuple(measured), tuple(unmeasured))


def measure(raw: RawResult, catalogue: AnalyteCatalogue) -> Measurement | Unmeasured:
    analyte = catalogue.find(raw.analyte)
    if analyte is None:
        return Unmeasured(raw, Problem.UNKNOWN_ANALYTE, detail=f"'{raw.analyte}' is not known")
    if analyte.kind is AnalyteKind.PATHOGEN:
        return _measure_pathogen(raw, analyte)
    unit = parse_unit(raw.unit)
    target = analyte.normalised_unit
    if unit is None or target is None or unit.dimension is not target.dimension:
        return Unmeasured(
            raw,
            Problem.UNKNOWN_UNIT,
            analyte,
            f"the unit '{raw.unit}' is not one Speciosa can convert for {analyte.name}",
        )
    parsed = parse_value(raw.value, unit.dimension)
    if parsed is None:
        return Unmeasured(
            raw, Problem.UNREADABLE_VALUE, analyte, f"the value '{raw.value}' cannot be read"
        )
    if parsed.kind is ValueKind.NOT_DETECTED:  # "ND" beside a printed LOQ is below that LOQ
        bound = printed_bound(raw.loq, raw.lod, unit)
        if bound is not None:
            parsed = ParsedValue(ValueKind.BELOW, from_base(bound, unit))
    value = None if parsed.number is None else from_base(to_base(parsed.number, unit), target)
    return Measurement(analyte, parsed.kind, value, target.symbol, raw)


def _measure_pathogen(raw: RawResult, analyte: Analyte) -> Measurement | Unmeasured:
    unit = parse_unit(raw.unit) if raw.unit.strip() else None
    if raw.unit.strip() and unit is None:
        return Unmeasured(
            raw,
            Problem.UNKNOWN_UNIT,
            analyte,
            f"the unit '{raw.unit}' is not a sample mass (e.g. 'per 25 g') or CFU/g",
        )
    if unit is not None and unit.dimension is Dimension.COUNT:
        # "Absent", "Not Detected", "ND" beside CFU/g: the lab found none, in a sample mass it
        # may state in the value or its printed limit ("Not Detected in 1g"), else unstated.
        absence = parse_value(raw.value, Dimension.PRESENCE)
        if absence is not None and absence.kind is ValueKind.ABSENT:
            return _absent_or_present(raw, analyte, absence)
        # A count ("<10 CFU/g") does not show absence in a sample mass; "12 CFU/g" shows presence.
        parsed = parse_value(raw.value, Dimension.COUNT)
        if parsed is None:
            return Unmeasured(
                raw, Problem.UNREADABLE_VALUE, analyte, f"the value '{raw.value}' cannot be read"
            )
        if parsed.kind is ValueKind.NUMBER and parsed.number is not None and parsed.number > 0:
            parsed = ParsedValue(ValueKind.PRESENT)
        return Measurement(analyte, parsed.kind, parsed.number, "CFU/g", raw)
    parsed = parse_value(raw.value, Dimension.PRESENCE)
    if parsed is None:
        return Unmeasured(
            raw, Problem.UNREADABLE_VALUE, analyte, f"the value '{raw.value}' cannot be read"
        )
    return _absent_or_present(raw, analyte, parsed)


def _absent_or_present(raw: RawResult, analyte: Analyte, parsed: ParsedValue) -> Measurement:
    """The sample mass comes from the value ("absent in 25 g"), else the unit ("per 10 g"),
    else the lab's printed limit ("Not Detected in 1g", "Any amt in 1 gram"): a lab judging
    against "in 1 g" tested 1 g. Unstated, it stays None and the rule says so."""
    grams = parsed.sample_grams or (sample_mass_of(raw.unit) if raw.unit.strip() else None)
    from_limit = False
    if grams is None and raw.printed_limit:
        grams = sample_mass_in(raw.printed_limit)
        from_limit = grams is not None
    return Measurement(
        analyte, parsed.kind, None, "", raw, sample_grams=grams, sample_from_limit=from_limit
    )


@dataclass(frozen=True)
class StoredCertificate:
    """A certificate as imported: who uploaded which file for which batch, and when.

    `fingerprint` covers what the client sent (the file's bytes and the batch it named), so a
    retried upload with the same id is recognised and a different one is a conflict."""

    id: str
    batch_id: str | None
    certificate: Certificate
    filename: str
    sha256: str
    fingerprint: str
    uploaded_by: str | None
    uploaded_at: datetime
    # Set when the certificate speaks for the batch: a clinician uploaded or verified it (or the
    # local command line imported it). Until then it decides only its uploader's own purchase.
    verified_by: str | None = None
    verified_at: datetime | None = None

    @property
    def batch_wide(self) -> bool:
        return self.verified_at is not None
