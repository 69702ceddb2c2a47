"""Melanin and erythema indices (Diffey et al. 1984 definitions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.pigmentation.skin_indices import erythema_index, melanin_index


def test_definitions() -> None:
    assert melanin_index(1.0) == pytest.approx(0.0)
    assert melanin_index(0.1) == pytest.approx(100.0)
    assert erythema_index(0.5, 0.5) == pytest.approx(0.0)
    assert erythema_index(0.5, 0.25) == pytest.approx(100 * 0.30103, abs=1e-4)


@given(st.floats(0.01, 1.0), st.floats(0.01, 1.0))
def test_darker_red_means_more_melanin(first: float, second: float) -> None:
    low, high = sorted((first, second))
    assert melanin_index(low) >= melanin_index(high)
