"""Finds an X-Rite ColorChecker Classic in a photo with OpenCV-contrib's `cv2.mcc` (offline).

Why this detector: on the same 36 rendered photos (1.9 and 12 MP, chart 25–45 % of the width,
0–3° tilt, with and without a strong cast) colour-checker-detection 0.2.3's segmentation detector
found all 36 but took 1.2–1.7 s each (it resizes and segments the whole frame), and its
templated detector found 18/36 in 1.2–1.6 s; `cv2.mcc` with the parameter cascade below found
every chart in 0.05–0.3 s, which is what lets a 12 MP photo be measured within 3× its decode
time. Its neural-network mode is never used (that would need a model file).

`cv2.mcc` is sensitive to the scale it works at, so detection runs on a downscaled copy and
tries a short cascade of scales and tolerances, stopping at the first chart found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

UInt8Image = NDArray[np.uint8]
Quads = NDArray[np.float64]  # (24, 4, 2): the corners of each patch, x then y
CLASSIC_PATCHES = 24  # the ColorChecker Classic's patches (reference/colorchecker_classic.yaml)

# (longest side in pixels, detector parameter overrides), tried in order until a chart is found.
# Chosen on the 36 rendered photos above: the first step alone found 34, the second the other
# two; each step costs 20–60 ms. `minImageSize` is set to the working size so that mcc does not
# resize again internally; a smaller adaptive-threshold window range and constant suit the
# chart's black gaps at these sizes.
_TUNED = {"adaptiveThreshWinSizeMax": 83, "adaptiveThreshConstant": 3.0, "maxError": 0.2}
CASCADE: tuple[tuple[int, dict[str, float]], ...] = (
    (800, _TUNED),
    (640, _TUNED),
    (560, _TUNED),
    (1000, _TUNED),
    (1000, {"adaptiveThreshConstant": 7.0, "maxError": 0.2}),
)


@dataclass(frozen=True)
class ChartLocation:
    quads: Quads  # in the coordinates of the preview the chart was found in
    attempt: int  # which cascade step found it (0 = first)
    size: tuple[int, int]  # that preview's width and height


def locate_chart(preview: Callable[[int], UInt8Image]) -> ChartLocation | None:
    """The 24 patch quads of the best chart found, or None. `preview(longest)` returns the
    upright RGB photo scaled so that its longest side is at most `longest` pixels."""
    for attempt, (longest, overrides) in enumerate(CASCADE):
        small = preview(longest)
        detector = cv2.mcc.CCheckerDetector_create()  # type: ignore[attr-defined]
        params = cv2.mcc.DetectorParametersMCC()
        params.minImageSize = longest
        for name, value in overrides.items():
            setattr(params, name, value)
        detector.setDetectionParams(params)
        bgr = np.ascontiguousarray(small[:, :, ::-1])
        if not detector.process(bgr, 1):
            continue
        corners = _classic_chart(detector.getListColorChecker())
        if corners is None:
            continue
        return ChartLocation(quads=corners, attempt=attempt, size=(small.shape[1], small.shape[0]))
    return None


def _classic_chart(checkers: Sequence[Any]) -> Quads | None:
    """The first candidate with the Classic chart's 24 patches. OpenCV's detector now and then
    offers a candidate with another patch count (140 quads, the Digital SG layout, was seen on a
    noisy photo): that is not the reference we measure against, so it counts as not found at
    this scale rather than being forced into 24 patches."""
    for checker in checkers:
        charts = np.asarray(checker.getColorCharts(), dtype=np.float64)
        if charts.size == CLASSIC_PATCHES * 4 * 2:
            return charts.reshape(CLASSIC_PATCHES, 4, 2)
    return None
