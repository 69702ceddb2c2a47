"""Decoding uploaded photos with Pillow: only real images, within size limits, upright.

- Not an image (or a format other than JPEG, PNG or WebP) → UnsupportedMediaType, saying so.
- More bytes than allowed → PayloadTooLarge; more pixels than allowed (a decompression bomb: a
  small file that would expand to gigabytes) → PayloadTooLarge, from the header, before any
  pixel is decoded.
- Memory (issue 15): at most MAX_DECODED_PIXELS (24 MP, ~72 MB as RGB) are ever decoded. A
  larger JPEG (a 48 MP phone photo) is decoded at 1/2 or 1/4 scale by the JPEG decoder itself
  (DCT scaling, `Image.draft`), so the full frame never exists in memory; `PhotoFile.scale` says
  by how much, and callers scale their boxes. PNG and WebP cannot be decoded at reduced scale,
  so above 24 MP they are refused with a 413 that says what to do.
- EXIF orientation is applied (Pillow does not do it by itself), so boxes drawn on the photo as
  the phone shows it line up with the pixels measured.

Speed: a 12 MP frame is decoded once and never converted to a float array; callers crop the few
regions they need (`region`). Chart detection gets a small copy decoded with JPEG DCT scaling
(`Image.draft`), which costs a fraction of the full decode.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from speciosa.domain.foundation.errors import PayloadTooLarge, UnsupportedMediaType

UInt8Image = NDArray[np.uint8]

ACCEPTED_FORMATS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # what many phones' JPEGs open as
    "PNG": "image/png",
    "WEBP": "image/webp",
}
# The most pixels ever decoded: 24 MP × 3 bytes ≈ 72 MB per upload.
MAX_DECODED_PIXELS = 24_000_000
# The largest JPEG accepted (decoded at reduced scale): a 50 MP phone photo fits with room to
# spare; kept under Pillow's own decompression-bomb threshold (~89 MP).
MAX_JPEG_PIXELS = 80_000_000
MAX_PIXELS = MAX_DECODED_PIXELS
JPEG_FORMATS = ("JPEG", "MPO")
MIB = 1024 * 1024
ORIENTATION_TAG = 0x0112
# EXIF orientation → the transpose that makes the image upright (as ImageOps.exif_transpose).
UPRIGHT: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _not_an_image() -> UnsupportedMediaType:
    return UnsupportedMediaType(
        "The file is not an image Speciosa can read. Upload a JPEG, PNG or WebP photo.",
        field="photo",
    )


def check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise UnsupportedMediaType(
            "The file is empty. Upload a JPEG, PNG or WebP photo.", field="photo"
        )
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            f"The photo is {len(data) / MIB:.1f} MB; at most {max_bytes / MIB:.0f} MB is accepted.",
            field="photo",
        )


def _open(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PayloadTooLarge(
            f"The image is too large to decode safely (at most {max_pixels:,} pixels).",
            field="photo",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _not_an_image() from None
    if image.format not in ACCEPTED_FORMATS:
        raise UnsupportedMediaType(
            f"{image.format or 'These'} files are not accepted. Upload a JPEG, PNG or WebP photo.",
            field="photo",
        )
    width, height = image.size
    limit = max(max_pixels, MAX_JPEG_PIXELS) if image.format in JPEG_FORMATS else max_pixels
    if width * height > limit:
        advice = (
            "Save it as a JPEG, or make it smaller."
            if image.format not in JPEG_FORMATS
            else "Make it smaller."
        )
        raise PayloadTooLarge(
            f"The image has {width}×{height} pixels; at most {limit:,} are accepted for "
            f"{image.format} files. {advice}",
            field="photo",
        )
    return image


def reduction_for(width: int, height: int, max_pixels: int) -> int:
    """The smallest JPEG DCT reduction (1, 2, 4 or 8) that brings a frame within `max_pixels`."""
    for factor in (1, 2, 4, 8):
        if -(-width // factor) * -(-height // factor) <= max_pixels:
            return factor
    return 8


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except (OSError, ValueError, SyntaxError):
        return 1
    return value if isinstance(value, int) and value in UPRIGHT else 1


def _load(image: Image.Image) -> Image.Image:
    try:
        image.load()
        rgb = image if image.mode == "RGB" else image.convert("RGB")
    except (OSError, ValueError, SyntaxError) as error:
        raise UnsupportedMediaType(
            f"The image could not be decoded ({type(error).__name__}); it may be truncated. "
            "Upload the photo again.",
            field="photo",
        ) from None
    return rgb


@dataclass(frozen=True)
class PhotoFile:
    """A checked upload: its bytes, type, orientation and upright size (nothing decoded yet)."""

    data: bytes
    media_type: str
    orientation: int
    width: int  # upright
    height: int
    max_pixels: int

    @property
    def reduction(self) -> int:
        """By how much each side is divided when decoded (1 for anything within 24 MP)."""
        return reduction_for(self.width, self.height, self.max_pixels)

    @property
    def scale(self) -> float:
        return 1.0 / self.reduction

    def decode(self) -> Image.Image:
        """The whole photo, upright, as an RGB Pillow image, at `scale` (JPEG DCT scaling for
        frames above the decode limit; the full frame is never in memory)."""
        image = _open(self.data, self.max_pixels)
        reduction = self.reduction
        if reduction > 1:
            image.draft("RGB", (-(-image.width // reduction), -(-image.height // reduction)))
            if image.width * image.height > self.max_pixels:
                raise PayloadTooLarge(
                    f"The photo cannot be decoded within {self.max_pixels:,} pixels. "
                    "Make it smaller.",
                    field="photo",
                )
        image = _load(image)
        method = UPRIGHT.get(self.orientation)
        return image.transpose(method) if method is not None else image

    def preview(self, longest: int) -> UInt8Image:
        """An upright RGB copy whose longest side is at most `longest` pixels, decoded at
        reduced scale where the format allows it (JPEG)."""
        image = _open(self.data, self.max_pixels)
        # Ask for the stored frame's own proportions so that JPEG DCT scaling can go as far as
        # 1/8 (draft never goes below the requested size).
        scale = longest / float(max(image.size))
        image.draft("RGB", (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
        image = _load(image)
        method = UPRIGHT.get(self.orientation)
        if method is not None:
            image = image.transpose(method)
        scale = longest / float(max(image.size))
        if scale < 1.0:
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.BOX)
        return np.asarray(image)


def open_photo(data: bytes, *, max_bytes: int, max_pixels: int = MAX_PIXELS) -> PhotoFile:
    check_size(data, max_bytes)
    image = _open(data, max_pixels)
    orientation = _orientation(image)
    width, height = image.size
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return PhotoFile(
        data=data,
        media_type=ACCEPTED_FORMATS[str(image.format)],
        orientation=orientation,
        width=width,
        height=height,
        max_pixels=max_pixels,
    )


def region(image: Image.Image, box: tuple[int, int, int, int]) -> UInt8Image:
    """The pixels of one box (x, y, width, height) of an upright image, as an RGB array."""
    x, y, w, h = box
    return np.asarray(image.crop((x, y, x + w, y + h)))


def encode_clean_jpeg(image: Image.Image, quality: int = 92) -> bytes:
    """The upright image re-encoded with no metadata at all: no EXIF (GPS, camera serial, time),
    XMP, ICC or comments — Pillow writes only what it is given."""
    clean = image.copy()
    clean.info = {}  # Pillow would otherwise carry the ICC profile, XMP and comments over
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
