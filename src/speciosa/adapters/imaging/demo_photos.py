"""Synthetic chart photos for the demo clinic (the `SkinDemoPhotoRenderer` port)."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.adapters.imaging.chart_photo import Camera, Scene, render_chart_photo
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.pigmentation.rules import ChartReference

# Small frames keep seeding fast (≈ 0.1 s per photo rendered and measured).
DEMO_WIDTH, DEMO_HEIGHT = 960, 720


@dataclass(frozen=True)
class DemoPhoto:
    jpeg: bytes
    roi: Box
    reference_roi: Box


class SyntheticDemoPhotos:
    def __init__(self, chart: ChartReference) -> None:
        self._chart = tuple((float(v[0]), float(v[1]), float(v[2])) for v in chart.lab_d50)

    def render(
        self,
        affected_lab: tuple[float, float, float],
        reference_lab: tuple[float, float, float],
        seed: int,
    ) -> DemoPhoto:
        # A different, mild cast and tilt each time, as from a real phone on different days.
        warm = 1.0 + 0.08 * ((seed % 5) - 2)
        camera = Camera(cast=(warm, 1.0, 2.0 - warm), tilt_deg=float(seed % 3) - 1.0)
        photo = render_chart_photo(
            Scene(self._chart, affected_lab, reference_lab),
            camera,
            width=DEMO_WIDTH,
            height=DEMO_HEIGHT,
            seed=seed,
        )
        assert photo.reference_box is not None
        return DemoPhoto(photo.jpeg, Box(*photo.affected_box), Box(*photo.reference_box))
