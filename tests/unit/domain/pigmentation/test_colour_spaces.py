"""Colour-space conversions: standard anchors and round trips."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.pigmentation.colour_spaces import (
    D50,
    D65,
    bradford_matrix,
    lab_d50_to_d65,
    lab_to_xyz,
    linear_srgb_to_lab,
    linear_to_srgb,
    srgb_decoding_table,
    srgb_to_linear,
    xyz_to_lab,
)


def test_srgb_white_is_cielab_white_and_black_is_zero() -> None:
    np.testing.assert_allclose(linear_srgb_to_lab([1.0, 1.0, 1.0]), [100.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(linear_srgb_to_lab([0.0, 0.0, 0.0]), [0.0, 0.0, 0.0], atol=1e-9)


def test_srgb_transfer_anchors() -> None:
    # IEC 61966-2-1: the linear segment below 0.04045 and 8-bit mid grey 0.5 → 0.2140.
    assert float(srgb_to_linear(0.04045)) == pytest.approx(0.04045 / 12.92)
    assert float(srgb_to_linear(0.5)) == pytest.approx(0.21404, abs=1e-5)
    table = srgb_decoding_table()
    assert table.shape == (256,)
    assert table[0] == 0.0
    assert table[255] == pytest.approx(1.0)


def test_the_same_white_maps_to_itself_and_d50_white_adapts_to_d65() -> None:
    np.testing.assert_allclose(bradford_matrix(D65, D65), np.eye(3), atol=1e-12)
    np.testing.assert_allclose(bradford_matrix(D50, D65) @ D50, D65, atol=1e-12)
    np.testing.assert_allclose(lab_d50_to_d65([100.0, 0.0, 0.0]), [100.0, 0.0, 0.0], atol=1e-9)


def test_mid_grey_lab_anchor() -> None:
    # CIE 15: Y = 0.18418... gives L* = 50 (f(Y) = (50 + 16) / 116).
    y = ((50.0 + 16.0) / 116.0) ** 3
    np.testing.assert_allclose(xyz_to_lab(D65 * y), [50.0, 0.0, 0.0], atol=1e-9)


lab_values = st.tuples(
    st.floats(0, 100, allow_nan=False),
    st.floats(-100, 100, allow_nan=False),
    st.floats(-100, 100, allow_nan=False),
)


@settings(max_examples=300)
@given(lab_values)
def test_lab_to_xyz_and_back_is_the_identity(colour: tuple[float, float, float]) -> None:
    for white in (D65, D50):
        back = xyz_to_lab(lab_to_xyz(colour, white), white)
        np.testing.assert_allclose(back, colour, atol=1e-9)


@settings(max_examples=300)
@given(st.tuples(*[st.floats(0, 1.2, allow_nan=False)] * 3))
def test_xyz_to_lab_and_back_is_the_identity(xyz: tuple[float, float, float]) -> None:
    back = lab_to_xyz(xyz_to_lab(xyz))
    np.testing.assert_allclose(back, xyz, atol=1e-9)


@settings(max_examples=200)
@given(st.floats(0, 1, allow_nan=False))
def test_srgb_encoding_round_trips(value: float) -> None:
    assert float(srgb_to_linear(linear_to_srgb(value))) == pytest.approx(value, abs=1e-12)


@settings(max_examples=200)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_lightness_is_monotonic_in_luminance(first: float, second: float) -> None:
    low, high = sorted((first, second))
    assert xyz_to_lab(D65 * low)[0] <= xyz_to_lab(D65 * high)[0] + 1e-12
