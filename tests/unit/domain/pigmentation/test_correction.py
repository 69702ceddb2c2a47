"""Chart correction: recovers a known camera, picks by held-out patches, reads reversed charts."""

from __future__ import annotations

import numpy as np

from speciosa.bootstrap import load_reference
from speciosa.domain.pigmentation.colour_spaces import linear_srgb_to_lab
from speciosa.domain.pigmentation.correction import chart_is_reversed, fit_correction
from speciosa.domain.pigmentation.rules import parse_chart_reference

CHART = parse_chart_reference(load_reference().table("colorchecker_classic").rows)
CAMERA = np.array([[0.9, 0.15, 0.05], [0.1, 0.8, 0.1], [0.0, 0.2, 1.1]])


def test_the_chart_reference_is_the_post_2014_card_adapted_to_d65() -> None:
    assert CHART.names[0] == "dark skin"
    assert CHART.names[18].startswith("white 9.5")
    np.testing.assert_allclose(CHART.lab_d50[0], [37.54, 14.37, 14.92])
    # Adapted to D65 the neutral patches stay neutral (|a*|, |b*| small).
    assert np.abs(CHART.lab_d65[18:, 1:]).max() < 3.5


def test_a_linear_camera_is_corrected_exactly() -> None:
    camera = np.clip(CHART.linear_srgb, 0, None) @ CAMERA.T * 0.7
    target = np.clip(CHART.linear_srgb, 0, None)
    correction = fit_correction(camera, target)
    assert correction.checker_delta_e < 0.05
    skin = np.array([0.35, 0.22, 0.16])
    corrected = correction.apply((skin @ CAMERA.T) * 0.7)
    np.testing.assert_allclose(linear_srgb_to_lab(corrected), linear_srgb_to_lab(skin), atol=0.1)


def test_a_tone_curve_is_linearised_from_the_neutral_patches() -> None:
    target = np.clip(CHART.linear_srgb, 1e-4, None)
    camera = (target @ CAMERA.T * 0.7) ** (1 / 1.15)
    correction = fit_correction(camera, target)
    assert correction.exponents[0] > 1.05
    assert correction.held_out_delta_e < 2.0


def test_a_chart_read_from_the_far_corner_is_recognised() -> None:
    camera = np.clip(CHART.linear_srgb, 0, None) @ CAMERA.T
    assert not chart_is_reversed(camera, CHART.linear_srgb)
    assert chart_is_reversed(camera[::-1], CHART.linear_srgb)
