"""Skin photo measurement on a 12-megapixel photo against just decoding that JPEG.

Goal (issue 7): the whole measurement — open, find the chart, decode, sample the 24 patches and
two boxes, fit and choose the correction, describe both sites — within 3× the time Pillow takes
to decode the same JPEG to pixels, on the same machine in the same run. Best of several runs of
each, interleaved, so that a busy machine slows both alike.
"""

from __future__ import annotations

import io
import time

from PIL import Image

from benchmarks.harness import BenchContext, Figure
from speciosa.adapters.imaging.chart_photo import Camera, Scene, render_chart_photo
from speciosa.adapters.imaging.skin_photos import SkinPhotoAnalyser
from speciosa.bootstrap import load_reference
from speciosa.domain.pigmentation.regions import Box
from speciosa.services.pigmentation.photos import load_pigmentation_reference

NAME = "pigmentation"
GOAL_RATIO = 3.0


def _decode(jpeg: bytes) -> None:
    image = Image.open(io.BytesIO(jpeg))
    image.load()


def run(ctx: BenchContext) -> list[Figure]:
    reference = load_pigmentation_reference(load_reference())
    chart = tuple((float(v[0]), float(v[1]), float(v[2])) for v in reference.chart.lab_d50)
    width, height = (1600, 1200) if ctx.quick else (4000, 3000)
    photo = render_chart_photo(
        Scene(chart, (56.0, 11.0, 17.0), (63.0, 10.0, 17.0), chart_width_fraction=0.3),
        Camera(cast=(1.25, 1.0, 0.75), noise_sd=3.0, tilt_deg=2.0, jpeg_quality=92),
        width=width,
        height=height,
        seed=7,
    )
    assert photo.reference_box is not None
    analyser = SkinPhotoAnalyser(
        reference.chart, reference.rules, reference.categories, 64 * 1024 * 1024
    )
    roi, reference_roi = Box(*photo.affected_box), Box(*photo.reference_box)
    decode_times, measure_times = [], []
    rounds = 3 if ctx.quick else 7
    for _ in range(rounds):
        started = time.perf_counter()
        _decode(photo.jpeg)
        decode_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        analyser.measure(photo.jpeg, roi, reference_roi)
        measure_times.append(time.perf_counter() - started)
    decode, measure = min(decode_times), min(measure_times)
    ratio = measure / decode
    size = (
        f"{width}×{height} ({width * height / 1e6:.0f} MP) JPEG of {len(photo.jpeg) / 1e6:.1f} MB"
    )
    return [
        Figure(NAME, f"decode only, {size}", decode * 1000, "ms", note="Pillow open + load"),
        Figure(NAME, "measure (chart, correction, two sites)", measure * 1000, "ms"),
        Figure(
            NAME,
            "measure / decode",
            ratio,
            "×",
            goal=f"≤ {GOAL_RATIO:g}×",
            ok=ratio <= GOAL_RATIO,
            note="Chart found on a DCT-scaled preview in a second thread while the full frame "
            "decodes; only the patches and boxes are read.",
        ),
    ]
