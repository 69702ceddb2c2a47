"""Findings and verdicts: what each rule concluded about one analyte, and the certificate's sum.

A finding always says the analyte, its value in the normalised unit, the limit it was held to,
the rule and the rule's source, plus a sentence for a person. The verdict is `fail` when any
finding fails, `incomplete` when anything could not be judged (a panel missing, a unit or row
that could not be read, a value whose reporting limit is above the limit), otherwise `pass`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import Measurement, Unmeasured
from speciosa.domain.sources.units import ValueKind, format_decimal

# Input sanity only, not a clinical limit: nobody takes half a kilogram of leaf a day, and a
# bound keeps a typo (5000 for 5.000) from producing a meaningless verdict.
MAX_DAILY_GRAMS = Decimal(500)


class FindingStatus(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    FLAG = "flag"  # worth knowing; does not fail the certificate
    INCOMPLETE = "incomplete"  # could not be judged (missing, or reporting limit too high)
    UNKNOWN_UNIT = "unknown_unit"
    UNKNOWN_ANALYTE = "unknown_analyte"  # reported by name; no rule applies to it
    UNREADABLE = "unreadable"  # a row or value that could not be read
    INFO = "info"  # a known analyte that no rule judges (e.g. moisture, nickel)


BLOCKING = {FindingStatus.INCOMPLETE, FindingStatus.UNKNOWN_UNIT, FindingStatus.UNREADABLE}


class Panel(StrEnum):
    HEAVY_METALS = "heavy_metals"
    MICROBIAL = "microbial"
    ALKALOIDS = "alkaloids"
    RESIDUAL_SOLVENTS = "residual_solvents"
    OTHER = "other"


class VerdictKind(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Finding:
    analyte: str
    status: FindingStatus
    value: Decimal | str | None
    unit: str
    limit: Decimal | None
    rule: str
    source: str
    explanation: str
    panel: Panel = Panel.OTHER
    page: int | None = None  # the PDF page the value was read from
    confirmed: bool = True  # False: a value read from a PDF that no person has confirmed yet
    # As the lab printed them beside the result (PDF certificates): shown, never judged.
    loq: str | None = None
    lod: str | None = None
    printed_limit: str | None = None
    printed_status: str | None = None

    def read_from(self, item: Measurement | Unmeasured) -> Finding:
        """The finding placed where its value was read, whether that reading is confirmed, and
        what the lab printed beside it."""
        raw = item.raw
        return replace(
            self,
            page=raw.page,
            confirmed=item.confirmed,
            loq=raw.loq,
            lod=raw.lod,
            printed_limit=raw.printed_limit,
            printed_status=raw.printed_status,
        )

    def judged(self, status: FindingStatus, explanation: str) -> Finding:
        return replace(self, status=status, explanation=explanation)

    @property
    def value_text(self) -> str:
        if isinstance(self.value, Decimal):
            return format_decimal(self.value)
        return self.value or ""


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    findings: tuple[Finding, ...]
    daily_grams: Decimal
    daily_grams_assumed: bool

    @property
    def reasons(self) -> list[Finding]:
        """The findings that decided a verdict other than pass, and flags worth reading."""
        return [f for f in self.findings if f.status is FindingStatus.FAIL or f.status in BLOCKING]

    @property
    def flags(self) -> list[Finding]:
        return [f for f in self.findings if f.status is FindingStatus.FLAG]


def decide(findings: Iterable[Finding]) -> VerdictKind:
    statuses = {f.status for f in findings}
    if FindingStatus.FAIL in statuses:
        return VerdictKind.FAIL
    if statuses & BLOCKING:
        return VerdictKind.INCOMPLETE
    return VerdictKind.PASS


def check_daily_grams(value: Decimal | float | None, field: str = "daily_grams") -> Decimal | None:
    """A stated maximum daily amount must be a positive number of grams (None = not stated)."""
    if value is None:
        return None
    amount = Decimal(str(value))
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(
            f"The maximum daily amount must be more than 0 grams, got {value}.", field=field
        )
    if amount > MAX_DAILY_GRAMS:
        raise InvalidInput(
            f"The maximum daily amount must be at most {MAX_DAILY_GRAMS} grams, got {value}.",
            field=field,
        )
    return amount


def shown_value(measurement: Measurement) -> Decimal | str | None:
    """The value as a finding shows it: the number, "<bound", "not detected", "absent in 25 g"."""
    kind = measurement.kind
    if kind is ValueKind.NUMBER:
        return measurement.value
    if kind is ValueKind.BELOW and measurement.value is not None:
        return f"<{format_decimal(measurement.value)}"
    if kind is ValueKind.NOT_DETECTED:
        return "not detected"
    grams = measurement.sample_grams
    where = f" in {format_decimal(grams)} g" if grams is not None else ""
    return f"{kind.value}{where}"
