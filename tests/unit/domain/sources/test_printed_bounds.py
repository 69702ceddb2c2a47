""" "ND" beside a printed LOQ or LOD is an upper bound the rules can use (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from speciosa.domain.sources.analytes import Analyte, AnalyteCatalogue, AnalyteKind
from speciosa.domain.sources.certificate import Measurement, RawResult, measure
from speciosa.domain.sources.units import MICROGRAMS_PER_GRAM, ValueKind, parse_unit, printed_bound

PPB = parse_unit("ppb")
CATALOGUE = AnalyteCatalogue([(Analyte("lead", "Lead", AnalyteKind.METAL), ["Pb"])])


@pytest.mark.parametrize(
    ("loq", "lod", "unit", "bound"),
    [
        ("0.05", None, MICROGRAMS_PER_GRAM, Decimal("0.05")),
        ("151.4", None, PPB, Decimal("0.1514")),
        ("0.030/0.090", None, MICROGRAMS_PER_GRAM, Decimal("0.090")),  # LOD/LOQ in one cell
        (None, "0.02", MICROGRAMS_PER_GRAM, Decimal("0.02")),  # only an LOD (Kaycha)
        ("10 ppb", None, MICROGRAMS_PER_GRAM, Decimal("0.010")),  # its own unit wins
        ("0.2 µg/g", "0.01", PPB, Decimal("0.2")),
        (None, None, MICROGRAMS_PER_GRAM, None),
        ("N/A", None, MICROGRAMS_PER_GRAM, None),
        ("10 CFU/g", None, MICROGRAMS_PER_GRAM, None),  # a count is not a mass fraction
    ],
)
def test_printed_bound(
    loq: str | None, lod: str | None, unit: object, bound: Decimal | None
) -> None:
    assert unit is not None
    assert printed_bound(loq, lod, unit) == bound  # type: ignore[arg-type]


def test_not_detected_with_a_printed_loq_is_below_it() -> None:
    found = measure(RawResult("Lead", "ND", "ppb", loq="82.0"), CATALOGUE)
    assert isinstance(found, Measurement)
    assert (found.kind, found.value, found.unit) == (ValueKind.BELOW, Decimal("0.082"), "µg/g")


def test_not_detected_without_a_printed_limit_stays_not_detected() -> None:
    found = measure(RawResult("Lead", "ND", "ppb"), CATALOGUE)
    assert isinstance(found, Measurement)
    assert (found.kind, found.value) == (ValueKind.NOT_DETECTED, None)


def test_a_measured_value_is_never_replaced_by_the_loq() -> None:
    found = measure(RawResult("Lead", "120", "ppb", loq="82.0"), CATALOGUE)
    assert isinstance(found, Measurement)
    assert (found.kind, found.value) == (ValueKind.NUMBER, Decimal("0.12"))
