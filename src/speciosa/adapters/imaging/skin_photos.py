"""The photo-measurement pipeline: open → (find the chart ‖ decode) → sample → measure (pure).

Chart detection works on a small copy decoded at reduced scale, in a second thread while the
full frame decodes (both release the GIL), so on two cores a 12 MP photo costs little more than
its decode. `SkinPhotoAnalyser` implements the `SkinPhotoAnalyser` port in `services/ports.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from speciosa.adapters.imaging.chart_detection import ChartLocation, locate_chart
from speciosa.adapters.imaging.decoding import PhotoFile, encode_clean_jpeg, open_photo
from speciosa.adapters.imaging.sampling import sample_box, sample_patches
from speciosa.domain.errors import InvalidInput
from speciosa.domain.pigmentation.ita import ItaCategory
from speciosa.domain.pigmentation.measurement import (
    SkinMeasurement,
    measure_calibrated,
    measure_uncalibrated,
)
from speciosa.domain.pigmentation.regions import Box, check_box_inside
from speciosa.domain.pigmentation.rules import ChartReference, PigmentationRules


class ChartNotFound(InvalidInput):
    slug = "chart-not-found"
    title = "No colour chart found"


NO_CHART = (
    "No ColorChecker chart was found in the photo. Retake it with the whole chart flat, in focus, "
    "in the same light as the skin and without glare (no flash, no reflection across the chart)."
)


@dataclass(frozen=True)
class MeasuredPhoto:
    measurement: SkinMeasurement
    width: int
    height: int
    media_type: str
    image: Image.Image  # the upright photo

    def clean_jpeg(self) -> bytes:
        """The upright photo re-encoded with no metadata (EXIF and GPS, XMP, ICC, comments)."""
        return encode_clean_jpeg(self.image)


def _find_chart(photo: PhotoFile) -> ChartLocation | None:
    """The chart's patches in full-photo coordinates."""
    found = locate_chart(photo.preview)
    if found is None:
        return None
    scale = np.array([photo.width / found.size[0], photo.height / found.size[1]])
    return ChartLocation(
        quads=found.quads * scale, attempt=found.attempt, size=(photo.width, photo.height)
    )


class SkinPhotoAnalyser:
    def __init__(
        self,
        chart: ChartReference,
        rules: PigmentationRules,
        categories: Sequence[ItaCategory],
        max_bytes: int,
    ) -> None:
        self._chart = chart
        self._rules = rules
        self._categories = tuple(categories)
        self._max_bytes = max_bytes

    def measure(
        self,
        photo: bytes,
        roi: Box,
        reference_roi: Box | None = None,
        *,
        calibrated: bool = True,
        roi_field: str = "roi",
        reference_field: str = "reference_roi",
    ) -> MeasuredPhoto:
        opened = open_photo(photo, max_bytes=self._max_bytes)
        min_side = self._rules.min_roi_side_px
        check_box_inside(roi, opened.width, opened.height, min_side, roi_field)
        if reference_roi is not None:
            check_box_inside(reference_roi, opened.width, opened.height, min_side, reference_field)
        if not calibrated:
            image = opened.decode()
            measurement = measure_uncalibrated(
                sample_box(image, roi.as_tuple()),
                None if reference_roi is None else sample_box(image, reference_roi.as_tuple()),
                self._categories,
            )
            return MeasuredPhoto(measurement, opened.width, opened.height, opened.media_type, image)
        with ThreadPoolExecutor(max_workers=1) as pool:
            chart = pool.submit(_find_chart, opened)
            image = opened.decode()
            location = chart.result()
        if location is None:
            raise ChartNotFound(NO_CHART, field="photo")
        measurement = measure_calibrated(
            sample_patches(image, location.quads),
            sample_box(image, roi.as_tuple()),
            None if reference_roi is None else sample_box(image, reference_roi.as_tuple()),
            self._chart,
            self._rules,
            self._categories,
        )
        return MeasuredPhoto(measurement, opened.width, opened.height, opened.media_type, image)
