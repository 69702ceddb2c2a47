"""The chart detector's candidates: only a 24-patch Classic chart is used. OpenCV's MCC detector
now and then offers a 140-patch candidate on a noisy photo; forcing it into 24 patches raised a
ValueError (a 500 for the person uploading). Such a candidate now counts as not found."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from speciosa.adapters.imaging import chart_detection
from speciosa.adapters.imaging.chart_detection import CLASSIC_PATCHES, locate_chart


@dataclass
class FakeChecker:
    patches: int

    def getColorCharts(self) -> np.ndarray:
        return np.arange(self.patches * 4 * 2, dtype=np.float32).reshape(self.patches * 4, 2)


@dataclass
class FakeDetector:
    candidates: list[FakeChecker]

    def setDetectionParams(self, params: object) -> None:
        pass

    def process(self, image: np.ndarray, nc: int) -> bool:
        return bool(self.candidates)

    def getListColorChecker(self) -> list[FakeChecker]:
        return self.candidates


def preview(longest: int) -> np.ndarray:
    return np.zeros((longest * 3 // 4, longest, 3), dtype=np.uint8)


@pytest.mark.parametrize(
    ("candidates", "found"),
    [
        ([FakeChecker(140)], False),  # the Digital SG layout only: not our reference
        ([FakeChecker(140), FakeChecker(CLASSIC_PATCHES)], True),  # the Classic one is used
        ([FakeChecker(CLASSIC_PATCHES)], True),
        ([], False),
    ],
)
def test_only_a_24_patch_candidate_is_a_chart(
    monkeypatch: pytest.MonkeyPatch, candidates: list[FakeChecker], found: bool
) -> None:
    monkeypatch.setattr(
        chart_detection.cv2.mcc,  # type: ignore[attr-defined]
        "CCheckerDetector_create",
        lambda: FakeDetector(list(candidates)),
    )
    location = locate_chart(preview)
    assert (location is not None) is found
    if location is not None:
        assert location.quads.shape == (CLASSIC_PATCHES, 4, 2)
