"""Units as labs write them: golden conversions, value parsing, and exact round-trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.sources.units import (
    CFU_PER_GRAM,
    MICROGRAMS_PER_GRAM,
    PERCENT,
    Dimension,
    ValueKind,
    convert,
    from_base,
    parse_number,
    parse_unit,
    parse_value,
    sample_mass_of,
    to_base,
)

MASS_FRACTION_SPELLINGS = [
    "ppm", "PPM", "mg/kg", "µg/g", "μg/g", "ug/g", "mcg/g", "ppb", "µg/kg", "ug/kg", "ng/g",
    "mg/g", "g/kg", "mg/100 g", "%", "% w/w", "w/w", "percent",
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "unit", "micrograms_per_gram"),
    [
        ("1", "ppm", "1"),
        ("1", "mg/kg", "1"),
        ("1", "µg/g", "1"),
        ("250", "ppb", "0.25"),
        ("250", "µg/kg", "0.25"),
        ("250", "ng/g", "0.25"),
        ("1.5", "mg/g", "1500"),
        ("1", "%", "10000"),
        ("0.02", "% w/w", "200"),
        ("0.02", "w/w", "200"),
        ("3", "mg/100 g", "30"),
    ],
)
def test_mass_fractions_normalise_to_micrograms_per_gram(
    value: str, unit: str, micrograms_per_gram: str
) -> None:
    parsed = parse_unit(unit)
    assert parsed is not None
    assert parsed.dimension is Dimension.MASS_FRACTION
    assert to_base(Decimal(value), parsed) == Decimal(micrograms_per_gram)


def test_alkaloid_mg_per_g_is_tenth_of_a_percent() -> None:
    mg_per_g = parse_unit("mg/g")
    assert mg_per_g is not None
    assert convert(Decimal("14.8"), mg_per_g, PERCENT) == Decimal("1.48")


@pytest.mark.parametrize("unit", ["CFU/g", "cfu/g", "CFU / g"])
def test_colony_counts(unit: str) -> None:
    assert parse_unit(unit) == CFU_PER_GRAM


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("/25g", 25),
        ("per 25 g", 25),
        ("in 10 g", 10),
        ("25 grams", 25),
        ("/ 375 g", 375),
        ("per g", 1),  # "ND per g": one gram was tested
        ("/g", 1),
    ],
)
def test_sample_masses(text: str, grams: int) -> None:
    assert sample_mass_of(text) == Decimal(grams)


@pytest.mark.parametrize("unit", ["mg/serving", "mg per capsule", "CFU/mL", "", "furlongs"])
def test_unknown_units_are_none_not_guessed(unit: str) -> None:
    assert parse_unit(unit) is None


@pytest.mark.parametrize(
    ("text", "dimension", "kind", "number"),
    [
        ("0.12", Dimension.MASS_FRACTION, ValueKind.NUMBER, "0.12"),
        ("1.2e3", Dimension.COUNT, ValueKind.NUMBER, "1200"),
        ("1.2 x 10^3", Dimension.COUNT, ValueKind.NUMBER, "1200"),
        ("2.4 × 10⁴", Dimension.COUNT, ValueKind.NUMBER, "24000"),
        ("1,200", Dimension.COUNT, ValueKind.NUMBER, "1200"),
        ("<0.05", Dimension.MASS_FRACTION, ValueKind.BELOW, "0.05"),
        ("< 10", Dimension.COUNT, ValueKind.BELOW, "10"),
        ("ND (<0.005)", Dimension.MASS_FRACTION, ValueKind.BELOW, "0.005"),
        ("ND", Dimension.MASS_FRACTION, ValueKind.NOT_DETECTED, None),
        ("not detected", Dimension.MASS_FRACTION, ValueKind.NOT_DETECTED, None),
        ("<LOQ", Dimension.MASS_FRACTION, ValueKind.NOT_DETECTED, None),
        ("absent in 25 g", Dimension.PRESENCE, ValueKind.ABSENT, None),
        ("Absent/25g", Dimension.PRESENCE, ValueKind.ABSENT, None),
        ("not detected", Dimension.PRESENCE, ValueKind.ABSENT, None),
        ("negative", Dimension.PRESENCE, ValueKind.ABSENT, None),
        ("Present", Dimension.PRESENCE, ValueKind.PRESENT, None),
    ],
)
def test_values_as_labs_write_them(
    text: str, dimension: Dimension, kind: ValueKind, number: str | None
) -> None:
    parsed = parse_value(text, dimension)
    assert parsed is not None
    assert parsed.kind is kind
    assert parsed.number == (Decimal(number) if number is not None else None)


def test_absent_in_25_g_keeps_the_sample_mass() -> None:
    parsed = parse_value("absent in 25 g", Dimension.PRESENCE)
    assert parsed is not None
    assert parsed.sample_grams == Decimal(25)


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("1,2", Dimension.MASS_FRACTION),  # a decimal comma or a thousands separator? refused
        ("1,200", Dimension.MASS_FRACTION),
        ("Pass", Dimension.MASS_FRACTION),
        ("TNTC", Dimension.COUNT),
        ("", Dimension.COUNT),
        ("maybe", Dimension.PRESENCE),
        ("nan", Dimension.MASS_FRACTION),
        ("inf", Dimension.MASS_FRACTION),
    ],
)
def test_unreadable_values_are_none(text: str, dimension: Dimension) -> None:
    assert parse_value(text, dimension) is None


def test_huge_exponents_are_refused() -> None:
    assert parse_number("1 x 10^99999") is None


DECIMALS = st.decimals(min_value=Decimal("0"), max_value=Decimal("1e9"), places=6, allow_nan=False)


@settings(max_examples=200)
@given(value=DECIMALS, spelling=st.sampled_from(MASS_FRACTION_SPELLINGS))
def test_mass_fraction_round_trip_is_exact(value: Decimal, spelling: str) -> None:
    unit = parse_unit(spelling)
    assert unit is not None
    assert from_base(to_base(value, unit), unit) == value
    assert convert(convert(value, unit, MICROGRAMS_PER_GRAM), MICROGRAMS_PER_GRAM, unit) == value


@settings(max_examples=200)
@given(
    value=DECIMALS,
    a=st.sampled_from(MASS_FRACTION_SPELLINGS),
    b=st.sampled_from(MASS_FRACTION_SPELLINGS),
)
def test_conversion_between_any_two_units_round_trips(value: Decimal, a: str, b: str) -> None:
    first, second = parse_unit(a), parse_unit(b)
    assert first is not None
    assert second is not None
    assert convert(convert(value, first, second), second, first) == value


@settings(max_examples=200)
@given(value=DECIMALS)
def test_written_value_parses_back_to_itself(value: Decimal) -> None:
    parsed = parse_value(format(value, "f"), Dimension.MASS_FRACTION)
    assert parsed is not None
    assert parsed.number == value
