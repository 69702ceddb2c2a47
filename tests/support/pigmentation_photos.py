"""Rendered chart photos for the skin tests: the scene's truth and the analyser under test."""

from __future__ import annotations

from speciosa.adapters.imaging.chart_photo import Camera, RenderedPhoto, Scene, render_chart_photo
from speciosa.adapters.imaging.skin_photos import SkinPhotoAnalyser
from speciosa.bootstrap import load_reference
from speciosa.services.pigmentation.photos import load_pigmentation_reference

REFERENCE = load_pigmentation_reference(load_reference())
CHART_LAB = tuple((float(v[0]), float(v[1]), float(v[2])) for v in REFERENCE.chart.lab_d50)
MAX_BYTES = 50 * 1024 * 1024


def analyser() -> SkinPhotoAnalyser:
    return SkinPhotoAnalyser(REFERENCE.chart, REFERENCE.rules, REFERENCE.categories, MAX_BYTES)


def photo(
    affected: tuple[float, float, float] = (58.0, 10.0, 16.0),
    reference: tuple[float, float, float] | None = (66.0, 11.0, 17.0),
    camera: Camera | None = None,
    *,
    width: int = 1200,
    height: int = 900,
    portrait_by_exif: bool = False,
    with_chart: bool = True,
    glare: bool = False,
    seed: int = 1,
) -> RenderedPhoto:
    scene = Scene(CHART_LAB, affected, reference, with_chart=with_chart, glare=glare)
    return render_chart_photo(
        scene,
        camera or Camera(),
        width=width,
        height=height,
        portrait_by_exif=portrait_by_exif,
        seed=seed,
    )
