"""Robust colour samples: the inner part of each chart patch and the person's boxes, by median.

Only these regions are read — never the whole frame — so a 12 MP photo costs milliseconds here.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from speciosa.adapters.imaging.decoding import region
from speciosa.domain.pigmentation.measurement import PatchSamples

INNER_FRACTION = 0.5  # sample the central half of each patch: edges carry blur and tilt
MAX_BOX_SAMPLES = 250_000  # a quarter of a million pixels pin a median down


def _inner_pixels(image: Image.Image, quad: NDArray[np.float64]) -> NDArray[np.uint8]:
    centre = quad.mean(axis=0)
    inner = centre + (quad - centre) * INNER_FRACTION
    x0, y0 = (max(int(v), 0) for v in np.floor(inner.min(axis=0)))
    x1 = min(int(np.ceil(inner[:, 0].max())) + 1, image.width)
    y1 = min(int(np.ceil(inner[:, 1].max())) + 1, image.height)
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 3), dtype=np.uint8)
    crop = region(image, (x0, y0, x1 - x0, y1 - y0))
    mask = np.zeros(crop.shape[:2], dtype=np.uint8)
    cv2.fillConvexPoly(mask, np.round(inner - [x0, y0]).astype(np.int32), 1)
    pixels: NDArray[np.uint8] = crop[mask.astype(bool)]
    return pixels if len(pixels) else crop.reshape(-1, 3)


def sample_patches(image: Image.Image, quads: NDArray[np.float64]) -> PatchSamples:
    """Median and spread of the inner half of each of the 24 patch quads (upright pixels)."""
    medians = np.zeros((len(quads), 3))
    spreads = np.zeros(len(quads))
    sides = np.linalg.norm(np.roll(quads, -1, axis=1) - quads, axis=2).mean(axis=1)
    for index, quad in enumerate(quads):
        pixels = _inner_pixels(image, quad)
        if len(pixels) == 0:
            continue
        medians[index] = np.median(pixels, axis=0)
        low, high = np.percentile(pixels, [5, 95], axis=0)
        spreads[index] = float((high - low).max())
    return PatchSamples(medians=medians, spreads=spreads, side_px=float(np.median(sides)))


def sample_box(image: Image.Image, box: tuple[int, int, int, int]) -> NDArray[np.float64]:
    """Median sRGB code values (0–255) of a box the caller has checked lies inside the image."""
    _, _, w, h = box
    step = max(1, int(np.ceil(np.sqrt(w * h / MAX_BOX_SAMPLES))))
    pixels = region(image, box)[::step, ::step].reshape(-1, 3)
    result: NDArray[np.float64] = np.median(pixels, axis=0).astype(np.float64)
    return result
