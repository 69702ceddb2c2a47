"""The photo pipeline on photos the tests render: a ColorChecker and two skin patches of known
CIELAB through a camera model (cast, exposure, tone curve, noise, blur, JPEG, tilt)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from speciosa.adapters.imaging.chart_photo import Camera
from speciosa.adapters.imaging.decoding import open_photo
from speciosa.adapters.imaging.skin_photos import ChartNotFound
from speciosa.domain.foundation.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from speciosa.domain.pigmentation.ciede2000 import delta_e_2000
from speciosa.domain.pigmentation.ita import ita_degrees
from speciosa.domain.pigmentation.measurement import PhotoRefused, SiteColour
from speciosa.domain.pigmentation.regions import Box
from tests.support.pigmentation_photos import analyser, photo

STRONG_CAST = Camera(cast=(1.45, 1.0, 0.6), exposure=0.9, tone_power=0.95, tilt_deg=3.0)

CASES = [
    pytest.param((58, 10, 16), (66, 11, 17), Camera(), 1200, 900, False, id="neutral-1.1MP"),
    pytest.param((58, 10, 16), (66, 11, 17), STRONG_CAST, 1600, 1200, False, id="warm-cast-1.9MP"),
    pytest.param(
        (45, 14, 20), (52, 12, 21),
        Camera(cast=(0.75, 1.0, 1.35), exposure=1.1, tone_power=1.05, tilt_deg=-2.0),
        1600, 1200, True, id="cool-cast-portrait-exif",
    ),
    pytest.param(
        (70, 8, 14), (73, 8, 15),
        Camera(cast=(1.3, 1.0, 0.7), noise_sd=3.0, tilt_deg=4.0, jpeg_quality=80),
        1200, 1600, False, id="light-skin-portrait-noisy-q80",
    ),
    pytest.param(
        (35, 12, 18), (42, 12, 20), Camera(cast=(1.2, 1.0, 0.8), tone_power=0.97, blur_sigma=1.5),
        2400, 1800, False, id="dark-skin-blurred-4.3MP",
    ),
    pytest.param(
        (52, 12, 18), (60, 11, 18), Camera(cast=(1.25, 1.0, 0.75), tilt_deg=2.0),
        4000, 3000, False, id="12MP-landscape", marks=pytest.mark.slow,
    ),
    pytest.param(
        (62, 9, 16), (65, 9, 17), Camera(cast=(0.85, 1.0, 1.2), tilt_deg=-3.0),
        4000, 3000, True, id="12MP-portrait-exif", marks=pytest.mark.slow,
    ),
]  # fmt: skip


def errors(site: SiteColour, truth: tuple[float, float, float]) -> tuple[float, float]:
    measured = np.array([site.L, site.a, site.b])
    delta_e = float(delta_e_2000(measured, np.array(truth, dtype=float)))
    return delta_e, abs(site.ita_deg - ita_degrees(truth[0], truth[2]))


@pytest.mark.parametrize(("affected", "reference", "camera", "width", "height", "portrait"), CASES)
def test_calibrated_result_is_within_two_ita_degrees_and_two_delta_e_of_the_truth(
    affected: tuple[float, float, float],
    reference: tuple[float, float, float],
    camera: Camera,
    width: int,
    height: int,
    portrait: bool,
) -> None:
    rendered = photo(
        affected, reference, camera, width=width, height=height, portrait_by_exif=portrait
    )
    assert rendered.reference_box is not None
    if portrait:
        assert (rendered.width, rendered.height) == (height, width)
    measured = analyser().measure(
        rendered.jpeg, Box(*rendered.affected_box), Box(*rendered.reference_box)
    )
    m = measured.measurement
    assert m.calibrated
    assert (measured.width, measured.height) == (rendered.width, rendered.height)
    assert m.checker_delta_e is not None
    assert m.checker_delta_e < 2.5
    for site, truth in ((m.roi, affected), (m.reference, reference)):
        assert site is not None
        delta_e, ita_error = errors(site, truth)
        assert delta_e < 2.0, (site, truth)
        assert ita_error < 2.0, (site, truth)
    assert m.delta_L == pytest.approx(affected[0] - reference[0], abs=1.0)


def test_uncalibrated_is_measurably_worse_under_a_strong_cast() -> None:
    rendered = photo(camera=STRONG_CAST, width=1600, height=1200, seed=5)
    boxes = Box(*rendered.affected_box), Box(*rendered.reference_box)  # type: ignore[misc]
    calibrated = analyser().measure(rendered.jpeg, *boxes).measurement
    plain = analyser().measure(rendered.jpeg, *boxes, calibrated=False).measurement
    assert not plain.calibrated
    assert plain.checker_delta_e is None
    calibrated_error, _ = errors(calibrated.roi, (58.0, 10.0, 16.0))
    plain_error, plain_ita_error = errors(plain.roi, (58.0, 10.0, 16.0))
    assert calibrated_error < 2.0
    assert plain_error > calibrated_error + 3.0
    assert plain_ita_error > 2.0


def test_no_chart_is_refused_unless_uncalibrated() -> None:
    rendered = photo(with_chart=False)
    box = Box(*rendered.affected_box)
    with pytest.raises(ChartNotFound, match="No ColorChecker"):
        analyser().measure(rendered.jpeg, box)
    assert not analyser().measure(rendered.jpeg, box, calibrated=False).measurement.calibrated


def test_glare_on_the_chart_is_refused_saying_why() -> None:
    # Whether cv2.mcc still finds a chart under a glare spot varies with its worker threads
    # (measured: 4-7 of 12 seeds in one process); either way the photo must be refused and the
    # person told about glare, never measured.
    rendered = photo(glare=True, width=1600, height=1200, seed=3)
    with pytest.raises((PhotoRefused, ChartNotFound), match="glare"):
        analyser().measure(rendered.jpeg, Box(*rendered.affected_box))


def test_text_named_jpg_is_not_an_image() -> None:
    with pytest.raises(UnsupportedMediaType, match="not an image"):
        analyser().measure(b"just some text, not a photo\n", Box(0, 0, 10, 10))


def test_a_box_outside_the_photo_is_named() -> None:
    rendered = photo()
    with pytest.raises(InvalidInput, match="outside the photo") as raised:
        analyser().measure(rendered.jpeg, Box(1100, 10, 200, 50))
    assert raised.value.field == "roi"


def test_oversized_files_and_decompression_bombs_are_refused() -> None:
    with pytest.raises(PayloadTooLarge):
        open_photo(b"\xff" * 2048, max_bytes=1024)
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 3000)).save(buffer, "PNG")  # ~30 kB that would decode to 27 MB
    with pytest.raises(PayloadTooLarge, match="pixels"):
        open_photo(buffer.getvalue(), max_bytes=10**7, max_pixels=1_000_000)


def test_the_stored_copy_has_no_metadata_and_is_upright() -> None:
    rendered = photo(portrait_by_exif=True)
    original = Image.open(io.BytesIO(rendered.jpeg))
    exif = original.getexif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[2] = (51.0, 30.0, 0.0)  # latitude
    buffer = io.BytesIO()
    original.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    with_gps = buffer.getvalue()
    assert Image.open(io.BytesIO(with_gps)).getexif().get_ifd(0x8825)
    measured = analyser().measure(with_gps, Box(*rendered.affected_box))
    clean = Image.open(io.BytesIO(measured.clean_jpeg()))
    assert not clean.getexif()
    assert "exif" not in clean.info
    assert "xmp" not in clean.info
    assert clean.size == (rendered.width, rendered.height)
