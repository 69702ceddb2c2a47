"""Taper plans: golden plans and the properties every plan must have."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.dosing.taper import amount_number, check_parameters, plan_taper
from speciosa.domain.foundation.errors import InvalidInput

START = date(2026, 12, 1)


def amounts(start: str, unit: str, pct: str, days: int = 7) -> list[float | int]:
    return [
        amount_number(s.amount) for s in plan_taper(check_parameters(start, unit, pct, days, START))
    ]


def test_golden_twelve_grams_by_ten_percent_in_half_grams() -> None:
    assert amounts("12", "0.5", "10") == [
        12,
        11,
        10,
        9,
        8,
        7,
        6.5,
        6,
        5.5,
        5,
        4.5,
        4,
        3.5,
        3,
        2.5,
        2,
        1.5,
        1,
        0.5,
        0,
    ]


def test_golden_capsules_by_a_quarter() -> None:
    assert amounts("8", "1", "25") == [8, 6, 4, 3, 2, 1, 0]


def test_a_hundred_percent_stops_at_once() -> None:
    assert amounts("6", "0.5", "100") == [6, 0]


@pytest.mark.parametrize(
    ("start", "unit", "pct", "days", "field"),
    [
        ("0", "0.5", "10", 7, "start"),
        ("-3", "0.5", "10", 7, "start"),
        ("10.3", "0.5", "10", 7, "start"),
        ("10", "0", "10", 7, "unit_step"),
        ("10", "20", "10", 7, "unit_step"),
        ("10", "0.5", "0", 7, "reduction_pct"),
        ("10", "0.5", "101", 7, "reduction_pct"),
        ("10", "0.5", "ten", 7, "reduction_pct"),
        ("10", "0.5", "10", 0, "every_days"),
        ("10000", "0.001", "0.01", 7, "reduction_pct"),
    ],
)
def test_invalid_parameters_say_why(start: str, unit: str, pct: str, days: int, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_taper(check_parameters(start, unit, pct, days, START))
    assert caught.value.field == field


units = st.sampled_from(["0.25", "0.5", "1", "2"])


@settings(max_examples=200)
@given(
    unit=units,
    count=st.integers(1, 120),
    pct=st.integers(1, 100),
    every=st.integers(1, 60),
    offset=st.integers(0, 4000),
)
def test_plan_properties(unit: str, count: int, pct: int, every: int, offset: int) -> None:
    unit_d = Decimal(unit)
    start = unit_d * count
    first = START + timedelta(days=offset)
    steps = plan_taper(check_parameters(start, unit_d, pct, every, first))
    assert steps[0].amount == start
    assert steps[0].date == first
    assert steps[-1].amount == 0
    for previous, step in pairwise(steps):
        assert step.date - previous.date == timedelta(days=every)  # steps on the interval
        assert step.amount % unit_d == 0  # multiples of the unit step
        assert step.amount < previous.amount  # strictly decreasing
        wanted = previous.amount * Decimal(pct) / 100
        taken = previous.amount - step.amount
        # each reduction within one unit step of the percent (the last step may stop at zero)
        assert abs(taken - wanted) <= unit_d or step.amount == 0
