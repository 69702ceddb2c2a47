"""The photo-measurement pipeline: open → (find the chart ‖ decode) → sample → measure (pure).

Chart detection works on a small copy decoded at reduced scale, in a second thread while the
full frame decodes (both release the GIL), so on two cores a 12 MP photo costs little more than
its decode. `SkinPhotoAnalyser` implements the `SkinPhotoAnalyser` port in
`services/ports/outside.py`.

Memory (issue 15): one photo at a time per process is decoded, measured and re-encoded
(`DECODE_SLOTS`, a semaphore), and nothing decoded outlives that slot: the clean JPEG is made
inside it and the frame dropped. With the 24 MP decode limit (decoding.py) that bounds what
uploads cost a worker to about one frame, however many arrive at once; afterwards the C heap is
handed back to the system (`malloc_trim`), so a burst does not leave the worker large.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from speciosa.adapters.imaging.chart_detection import ChartLocation, locate_chart
from speciosa.adapters.imaging.decoding import PhotoFile, encode_clean_jpeg, open_photo
from speciosa.adapters.imaging.sampling import sample_box, sample_patches
from speciosa.domain.foundation.errors import InvalidInput
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


# One decode per worker process at a time; others queue (each upload thread holds its bytes,
# at most the upload limit, while it waits).
DECODE_SLOTS = threading.BoundedSemaphore(1)


def _release_heap() -> None:
    """Give freed C heap back to the system (glibc keeps it otherwise, per thread arena)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def decode_slot() -> Iterator[None]:
    with DECODE_SLOTS:
        try:
            yield
        finally:
            _release_heap()


@dataclass(frozen=True)
class MeasuredPhoto:
    measurement: SkinMeasurement
    width: int
    height: int
    media_type: str
    jpeg: bytes  # the upright photo re-encoded with no metadata (as decoded: at most 24 MP)

    def clean_jpeg(self) -> bytes:
        """The upright photo re-encoded with no metadata (EXIF and GPS, XMP, ICC, comments)."""
        return self.jpeg


def _scaled(box: Box, scale: float) -> tuple[int, int, int, int]:
    """A box of the photo as shown (full size) in the pixels decoded at `scale`."""
    if scale == 1.0:
        return box.as_tuple()
    x, y, w, h = box.as_tuple()
    return (int(x * scale), int(y * scale), max(1, int(w * scale)), max(1, int(h * scale)))


def _find_chart(photo: PhotoFile) -> ChartLocation | None:
    """The chart's patches in the coordinates of the frame as decoded (`photo.scale`)."""
    found = locate_chart(photo.preview)
    if found is None:
        return None
    width, height = photo.width * photo.scale, photo.height * photo.scale
    scale = np.array([width / found.size[0], height / found.size[1]])
    return ChartLocation(
        quads=found.quads * scale, attempt=found.attempt, size=(round(width), round(height))
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
        with decode_slot():
            return self._measure_decoded(opened, roi, reference_roi, calibrated=calibrated)

    def _measure_decoded(
        self, opened: PhotoFile, roi: Box, reference_roi: Box | None, *, calibrated: bool
    ) -> MeasuredPhoto:
        scale = opened.scale
        reference = None if reference_roi is None else _scaled(reference_roi, scale)
        if not calibrated:
            image = opened.decode()
            measurement = measure_uncalibrated(
                sample_box(image, _scaled(roi, scale)),
                None if reference is None else sample_box(image, reference),
                self._categories,
            )
            return MeasuredPhoto(
                measurement, opened.width, opened.height, opened.media_type, _clean(image)
            )
        with ThreadPoolExecutor(max_workers=1) as pool:
            chart = pool.submit(_find_chart, opened)
            image = opened.decode()
            location = chart.result()
        if location is None:
            raise ChartNotFound(NO_CHART, field="photo")
        patches = sample_patches(image, location.quads)
        if scale != 1.0:  # patch size as in the photo as taken (the rules are about that)
            patches = replace(patches, side_px=patches.side_px / scale)
        measurement = measure_calibrated(
            patches,
            sample_box(image, _scaled(roi, scale)),
            None if reference is None else sample_box(image, reference),
            self._chart,
            self._rules,
            self._categories,
        )
        return MeasuredPhoto(
            measurement, opened.width, opened.height, opened.media_type, _clean(image)
        )


def _clean(image: Image.Image) -> bytes:
    try:
        return encode_clean_jpeg(image)
    finally:
        image.close()
