"""ITA° and its categories, at the published band boundaries."""

from __future__ import annotations

import math

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.pigmentation.ita import classify_ita, ita_degrees, parse_ita_categories

CATEGORIES = parse_ita_categories(load_reference().table("ita_categories").rows)


@pytest.mark.parametrize(
    ("ita", "expected"),
    [
        # Del Bino et al. 2006 bands; a boundary value belongs to the band below (upper bound
        # inclusive), the convention stated in ita_categories.yaml.
        (90.0, "very_light"),
        (55.0001, "very_light"),
        (55.0, "light"),
        (41.0001, "light"),
        (41.0, "intermediate"),
        (28.0001, "intermediate"),
        (28.0, "tan"),
        (10.0001, "tan"),
        (10.0, "brown"),
        (-29.9999, "brown"),
        (-30.0, "dark"),
        (-90.0, "dark"),
    ],
)
def test_categories_at_their_boundaries(ita: float, expected: str) -> None:
    assert classify_ita(ita, CATEGORIES).key == expected


def test_ita_formula_anchors() -> None:
    # Chardon 1991: ITA = arctan((L* − 50)/b*) · 180/π.
    assert ita_degrees(50.0, 15.0) == pytest.approx(0.0)
    assert ita_degrees(65.0, 15.0) == pytest.approx(45.0)
    assert ita_degrees(35.0, 15.0) == pytest.approx(-45.0)
    assert ita_degrees(60.0, 16.0) == pytest.approx(math.degrees(math.atan(10 / 16)))
    # docs/skin-photo-measurements.md: grey-blue darkening can raise ITA:
    # (60, 9, 16) → (58, 8, 11) is 32° → 36°.
    assert round(ita_degrees(60.0, 16.0)) == 32
    assert round(ita_degrees(58.0, 11.0)) == 36


def test_the_six_bands_are_loaded_in_order() -> None:
    assert [c.key for c in CATEGORIES] == [
        "dark", "brown", "tan", "intermediate", "light", "very_light",
    ]  # fmt: skip


def test_bands_with_a_gap_are_rejected_at_start_up() -> None:
    rows: list[dict[str, object]] = [
        {"category": "dark", "label": "Dark", "above": None, "up_to": -30},
        {"category": "light", "label": "Light", "above": 0, "up_to": None},
    ]
    with pytest.raises(ReferenceDataError, match="must meet"):
        parse_ita_categories(rows)
