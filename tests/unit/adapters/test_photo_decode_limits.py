"""Issue 15: at most 24 MP are decoded. A 48 MP phone JPEG is decoded at half scale by the JPEG
decoder and measures like the same scene at a small size; a PNG above 24 MP is refused (413)
with what to do; one decode at a time per process."""

from __future__ import annotations

import io
import threading
import time

import pytest
from PIL import Image

from speciosa.adapters.imaging import skin_photos
from speciosa.adapters.imaging.decoding import MAX_DECODED_PIXELS, open_photo, reduction_for
from speciosa.domain.foundation.errors import PayloadTooLarge
from speciosa.domain.pigmentation.ciede2000 import delta_e_2000
from speciosa.domain.pigmentation.regions import Box
from tests.support.pigmentation_photos import analyser, photo

MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("width", "height", "factor"),
    [
        (4000, 3000, 1),  # 12 MP
        (6000, 4000, 1),  # 24 MP: the limit itself
        (8000, 6000, 2),  # 48 MP phone photo
        (9000, 6700, 2),  # 60 MP
        (10000, 8000, 2),  # 80 MP: 20 MP at half scale
        (14000, 8000, 4),  # 112 MP (over the JPEG limit, but the arithmetic holds)
    ],
)
def test_the_jpeg_reduction_keeps_the_decode_within_24_mp(
    width: int, height: int, factor: int
) -> None:
    assert reduction_for(width, height, MAX_DECODED_PIXELS) == factor
    assert -(-width // factor) * -(-height // factor) <= MAX_DECODED_PIXELS


def big(rendered_jpeg: bytes, size: tuple[int, int], fmt: str) -> bytes:
    image = (
        Image.open(io.BytesIO(rendered_jpeg)).convert("RGB").resize(size, Image.Resampling.BILINEAR)
    )
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def test_a_48_mp_phone_jpeg_is_decoded_at_half_scale_and_measures_the_same() -> None:
    small = photo(width=1200, height=900)
    factor = 8000 / 1200
    large = big(small.jpeg, (8000, 6000), "JPEG")
    opened = open_photo(large, max_bytes=20 * MIB)
    assert (opened.width, opened.height, opened.reduction) == (8000, 6000, 2)
    decoded = opened.decode()
    assert decoded.size == (4000, 3000)
    assert decoded.width * decoded.height <= MAX_DECODED_PIXELS

    def scaled(box: tuple[int, int, int, int]) -> Box:
        return Box(*(round(v * factor) for v in box))

    assert small.reference_box is not None
    reference = analyser().measure(small.jpeg, Box(*small.affected_box), Box(*small.reference_box))
    measured = analyser().measure(large, scaled(small.affected_box), scaled(small.reference_box))
    assert (measured.width, measured.height) == (8000, 6000)  # boxes stay in photo pixels
    stored = Image.open(io.BytesIO(measured.clean_jpeg()))
    assert stored.size == (4000, 3000)
    a, b = reference.measurement.roi, measured.measurement.roi
    assert float(delta_e_2000((a.L, a.a, a.b), (b.L, b.a, b.b))) < 1.0


def test_a_png_above_24_mp_is_refused_with_what_to_do() -> None:
    out = io.BytesIO()
    Image.new("RGB", (6000, 5000), (180, 140, 120)).save(out, "PNG")  # 30 MP, ~90 kB
    started = time.monotonic()
    with pytest.raises(PayloadTooLarge, match="Save it as a JPEG") as refused:
        open_photo(out.getvalue(), max_bytes=20 * MIB)
    assert refused.value.field == "photo"
    assert time.monotonic() - started < 1.0  # from the header: nothing decoded


def test_one_decode_at_a_time_per_process() -> None:
    inside = 0
    most = 0
    lock = threading.Lock()

    def decode() -> None:
        nonlocal inside, most
        with skin_photos.decode_slot():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.02)  # a decode's worth of holding the slot (short: a unit test)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=decode) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert most == 1
