"""CIEDE2000 against the 34 published test pairs, and its basic properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.pigmentation.ciede2000 import delta_e_2000

# Sharma G, Wu W, Dalal EN. The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations. Color Res Appl 2005;30(1):21-30,
# Table 1 (pairs 1-34): L1, a1, b1, L2, a2, b2, ΔE00.
SHARMA_2005 = [
    (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
    (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
    (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
    (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
    (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
    (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
    (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
    (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
    (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
    (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


@pytest.mark.parametrize(
    "pair", SHARMA_2005, ids=[f"sharma2005-pair-{i + 1}" for i in range(len(SHARMA_2005))]
)
def test_each_published_pair_matches_to_four_decimals_in_both_orders(
    pair: tuple[float, ...],
) -> None:
    first, second, expected = pair[:3], pair[3:6], pair[6]
    assert float(delta_e_2000(first, second)) == pytest.approx(expected, abs=5e-5)
    assert float(delta_e_2000(second, first)) == pytest.approx(expected, abs=5e-5)


def test_the_table_is_complete_and_vectorised_evaluation_agrees() -> None:
    table = np.array(SHARMA_2005)
    assert len(table) == 34
    np.testing.assert_allclose(delta_e_2000(table[:, :3], table[:, 3:6]), table[:, 6], atol=5e-5)


lab = st.tuples(
    st.floats(0, 100, allow_nan=False),
    st.floats(-128, 127, allow_nan=False),
    st.floats(-128, 127, allow_nan=False),
)


@settings(max_examples=300)
@given(lab)
def test_a_colour_does_not_differ_from_itself(colour: tuple[float, float, float]) -> None:
    assert float(delta_e_2000(colour, colour)) == 0.0


@settings(max_examples=300)
@given(lab, lab)
def test_the_difference_is_symmetric_and_not_negative(
    first: tuple[float, float, float], second: tuple[float, float, float]
) -> None:
    forward = float(delta_e_2000(first, second))
    assert forward >= 0.0
    assert forward == pytest.approx(float(delta_e_2000(second, first)), abs=1e-9)
