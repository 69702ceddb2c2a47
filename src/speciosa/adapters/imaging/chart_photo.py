"""Renders synthetic phone photos of a ColorChecker Classic beside two skin sites of known colour.

The scene is built from exact CIELAB values (the chart's published values, adapted to D65, and
the skin colours asked for) and passed through a simple camera model: channel cross-talk, a
white-balance cast, exposure, a tone curve that is not quite sRGB, sensor noise, lens blur, a few
degrees of tilt and JPEG compression — optionally stored landscape with an EXIF orientation that
makes it portrait. Tests compare what the pipeline measures with the truth the renderer used;
the demo and the benchmark use it to make photos without shipping any.

Every region is a flat colour, so the camera model runs on a handful of colours and the frame
is filled in 8-bit: a 12-megapixel photo renders in about a second.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from speciosa.domain.pigmentation.colour_spaces import (
    lab_d50_to_d65,
    lab_to_linear_srgb,
    linear_to_srgb,
)

UInt8Image = NDArray[np.uint8]
Box = tuple[int, int, int, int]  # x, y, width, height in displayed-image pixels

# The card is 11 × 8.5 in with 4 rows × 6 square patches on a black ground (X-Rite ColorChecker
# Classic); pitch and patch size are approximate proportions of the card's width.
CARD_ASPECT = 279.4 / 215.9
PITCH_FRACTION = 0.155  # patch-to-patch distance / card width
PATCH_FRACTION = 0.88  # patch side / pitch
CROSSTALK = np.array([[0.86, 0.12, 0.02], [0.06, 0.86, 0.08], [0.02, 0.10, 0.88]])


@dataclass(frozen=True)
class Camera:
    """What the phone does to the light. The defaults are a neutral, well-exposed phone."""

    cast: tuple[float, float, float] = (1.0, 1.0, 1.0)  # per-channel white-balance error
    exposure: float = 1.0
    tone_power: float = 1.0  # applied to the sRGB-encoded value: <1 brighter mid-tones
    noise_sd: float = 1.5  # in 8-bit code values
    blur_sigma: float = 0.8  # pixels, at 1000 px image width (scales with size)
    tilt_deg: float = 0.0
    jpeg_quality: int = 90


@dataclass(frozen=True)
class Scene:
    chart_lab_d50: tuple[tuple[float, float, float], ...]
    affected_lab: tuple[float, float, float]
    reference_lab: tuple[float, float, float] | None = (66.0, 11.0, 17.0)
    with_chart: bool = True
    glare: bool = False  # a specular highlight across the chart's second row
    chart_width_fraction: float = 0.42
    background_lab: tuple[float, float, float] = (45.0, 2.0, 6.0)


@dataclass(frozen=True)
class RenderedPhoto:
    jpeg: bytes
    width: int  # as displayed (after EXIF orientation)
    height: int
    affected_box: Box
    reference_box: Box | None
    chart_box: Box | None
    extra: dict[str, object] = field(default_factory=dict)


def _camera_codes(linear: NDArray[np.float64], camera: Camera) -> NDArray[np.float64]:
    """8-bit code values (before noise) that the camera writes for scene linear sRGB colours."""
    raw = np.clip(linear, 0.0, None) @ CROSSTALK.T
    raw = raw * np.asarray(camera.cast) * camera.exposure
    encoded = np.clip(linear_to_srgb(np.clip(raw, 0.0, 1.0)), 0.0, 1.0) ** camera.tone_power
    result: NDArray[np.float64] = encoded * 255.0
    return result


def _fill(canvas: NDArray[np.float32], box: Box, colour: NDArray[np.float64]) -> None:
    x, y, w, h = box
    canvas[y : y + h, x : x + w] = colour


def _layout(width: int, height: int, scene: Scene) -> tuple[Box, Box, Box]:
    """Chart on the left (or top, for portrait frames), the two skin sites beside it."""
    if width >= height:
        cw = int(width * scene.chart_width_fraction)
        ch = int(cw / CARD_ASPECT)
        chart = (int(width * 0.06), (height - ch) // 2, cw, ch)
        side = int(min(width * 0.18, height * 0.3))
        x0 = chart[0] + cw + int(width * 0.08)
        affected = (x0, int(height * 0.2), side, side)
        reference = (x0 + side + int(width * 0.05), int(height * 0.2), side, side)
    else:
        cw = int(width * min(0.8, scene.chart_width_fraction * 1.6))
        ch = int(cw / CARD_ASPECT)
        chart = ((width - cw) // 2, int(height * 0.08), cw, ch)
        side = int(width * 0.3)
        y0 = chart[1] + ch + int(height * 0.08)
        affected = (int(width * 0.12), y0, side, side)
        reference = (width - int(width * 0.12) - side, y0, side, side)
    return chart, affected, reference


def _draw_chart(
    canvas: NDArray[np.float32], chart: Box, codes: NDArray[np.float64], frame: NDArray[np.float64]
) -> None:
    x, y, w, h = chart
    _fill(canvas, chart, frame)
    pitch = w * PITCH_FRACTION
    side = pitch * PATCH_FRACTION
    for index in range(24):
        row, column = divmod(index, 6)
        cx = x + w / 2.0 + (column - 2.5) * pitch
        cy = y + h / 2.0 + (row - 1.5) * pitch
        box = (int(cx - side / 2), int(cy - side / 2), int(side), int(side))
        _fill(canvas, box, codes[index])


def _shrunk(box: Box, fraction: float) -> Box:
    x, y, w, h = box
    dx, dy = int(w * fraction), int(h * fraction)
    return x + dx, y + dy, w - 2 * dx, h - 2 * dy


def _rotate_box(box: Box, matrix: NDArray[np.float64]) -> Box:
    """The box's centre moved by the rotation; the size kept (callers shrink it for safety)."""
    x, y, w, h = box
    cx, cy = matrix @ np.array([x + w / 2, y + h / 2, 1.0])
    return int(cx - w / 2), int(cy - h / 2), w, h


def render_chart_photo(
    scene: Scene,
    camera: Camera = Camera(),
    *,
    width: int = 1600,
    height: int = 1200,
    portrait_by_exif: bool = False,
    seed: int = 0,
) -> RenderedPhoto:
    rng = np.random.default_rng(seed)
    labs = [scene.background_lab, scene.affected_lab, scene.reference_lab or scene.background_lab]
    linear = lab_to_linear_srgb(np.array(labs, dtype=np.float64))
    chart_linear = lab_to_linear_srgb(lab_d50_to_d65(np.array(scene.chart_lab_d50)))
    frame_linear = lab_to_linear_srgb(np.array([[12.0, 0.0, 0.0]]))
    codes = _camera_codes(np.vstack([linear, chart_linear, frame_linear]), camera)
    background, affected_code, reference_code = codes[0], codes[1], codes[2]
    chart_codes, frame_code = codes[3:27], codes[27]

    canvas: NDArray[np.float32] = np.empty((height, width, 3), dtype=np.float32)
    canvas[:] = background
    chart, affected, reference = _layout(width, height, scene)
    if scene.with_chart:
        _draw_chart(canvas, chart, chart_codes, frame_code)
        if scene.glare:
            x, y, w, h = chart
            yy, xx = np.ogrid[:height, :width]
            spot = ((xx - (x + w * 0.45)) / (w * 0.2)) ** 2 + (
                (yy - (y + h * 0.4)) / (h * 0.12)
            ) ** 2
            inside = spot < 1.0
            canvas[inside] = canvas[inside] * 0.25 + 0.75 * 252.0
    _fill(canvas, affected, affected_code)
    if scene.reference_lab is not None:
        _fill(canvas, reference, reference_code)

    centre = (width / 2.0, height / 2.0)
    rotation = np.asarray(cv2.getRotationMatrix2D(centre, camera.tilt_deg, 1.0), dtype=np.float64)
    if camera.tilt_deg:
        canvas = np.asarray(
            cv2.warpAffine(
                canvas,
                rotation,
                (width, height),
                flags=cv2.INTER_LINEAR,
                borderMode=cv2.BORDER_REPLICATE,
            ),
            dtype=np.float32,
        )
    sigma = camera.blur_sigma * width / 1000.0
    if sigma > 0:
        canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), sigma), dtype=np.float32)
    if camera.noise_sd > 0:
        canvas += rng.standard_normal(canvas.shape, dtype=np.float32) * np.float32(camera.noise_sd)
    pixels: UInt8Image = np.clip(canvas + 0.5, 0, 255).astype(np.uint8)

    safe = 0.2
    boxes = [_shrunk(_rotate_box(b, rotation), safe) for b in (affected, reference, chart)]
    image = Image.fromarray(pixels, "RGB")
    shown_w, shown_h = width, height
    exif = Image.Exif()
    if portrait_by_exif:
        # Stored landscape, displayed rotated 90° clockwise (EXIF orientation 6).
        exif[0x0112] = 6
        shown_w, shown_h = height, width
        boxes = [(height - (y + h), x, h, w) for (x, y, w, h) in boxes]
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=camera.jpeg_quality, exif=exif.tobytes())
    return RenderedPhoto(
        jpeg=buffer.getvalue(),
        width=shown_w,
        height=shown_h,
        affected_box=boxes[0],
        reference_box=boxes[1] if scene.reference_lab is not None else None,
        chart_box=boxes[2] if scene.with_chart else None,
    )
