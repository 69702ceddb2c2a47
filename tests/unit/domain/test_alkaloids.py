"""Alkaloid milligrams: grams × percent × 10 (1 % w/w = 10 mg per gram)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.dosing.alkaloids import alkaloid_mg, measure_alkaloids
from speciosa.domain.foundation.errors import InvalidInput

GOLDEN = [
    # grams, percent, mg
    (1.0, 1.0, 10.0),
    # 1.33 % mitragynine: the trial leaf of Huestis MA et al. Molecules 2024;29(5):984
    (4.0, 1.33, 53.2),
    (2.0, 1.95, 39.0),  # 19.5 mg/g leaf of the NIH-funded trials = 1.95 %
    (5.0, 0.02, 1.0),
    (0.0, 1.5, 0.0),
]


@pytest.mark.parametrize(("grams", "percent", "mg"), GOLDEN)
def test_golden(grams: float, percent: float, mg: float) -> None:
    assert alkaloid_mg(grams, percent) == pytest.approx(mg)


def test_seven_oh_is_optional() -> None:
    assert measure_alkaloids(3, 1.5).hydroxymitragynine_mg is None
    assert measure_alkaloids(3, 1.5, 0.03).hydroxymitragynine_mg == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1.0, 1.0, None), "grams"),
        ((1.0, -0.1, None), "mitragynine_pct"),
        ((1.0, 100.1, None), "mitragynine_pct"),
        ((1.0, 1.0, 101.0), "hydroxymitragynine_pct"),
        ((float("nan"), 1.0, None), "grams"),
    ],
)
def test_out_of_range_inputs_name_the_argument(
    args: tuple[float, float, float | None], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        measure_alkaloids(*args)
    assert caught.value.field == field


@given(st.floats(0, 1000), st.floats(0, 100))
def test_linear_in_grams_and_bounded_by_the_whole_mass(grams: float, percent: float) -> None:
    mg = alkaloid_mg(grams, percent)
    assert 0 <= mg <= grams * 1000 + 0.001
    assert alkaloid_mg(2 * grams, percent) == pytest.approx(2 * mg, abs=0.002)
