"""sRGB ↔ linear sRGB ↔ CIE XYZ ↔ CIELAB, D65 (and the Bradford adaptation D50 → D65).

The constants are those of the standards, not clinical numbers:
- sRGB transfer function and primaries: IEC 61966-2-1:1999 (R 0.64/0.33, G 0.30/0.60, B 0.15/0.06,
  white D65). The RGB→XYZ matrix is derived from the primaries and the white point (SMPTE RP
  177-1993) rather than taken as the standard's 4-decimal print, so that RGB white maps exactly to
  the D65 white used for CIELAB (L* 100, a* 0, b* 0).
- CIELAB: CIE 15:2004 §8.2.1 (ε = 216/24389, κ = 24389/27 — the exact rational forms, as
  recommended in CIE 15 and used by colour-science).
- White points: CIE 15:2004 Table T.3 (D65 2°: x 0.31270, y 0.32900; D50 2°: x 0.34570,
  y 0.35850).
- Bradford cone matrix: Lam (1985), as given in ICC.1:2010 Annex E.

Arrays hold colours along the last axis; L* is 0–100, XYZ is scaled so that white has Y = 1.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

LAB_EPSILON = 216.0 / 24389.0
LAB_KAPPA = 24389.0 / 27.0


def xy_to_white(x: float, y: float) -> FloatArray:
    """XYZ of a white point with Y = 1 from its chromaticity."""
    return np.array([x / y, 1.0, (1.0 - x - y) / y])


D65: FloatArray = xy_to_white(0.31270, 0.32900)
D50: FloatArray = xy_to_white(0.34570, 0.35850)


def primaries_matrix(primaries: FloatArray, white: FloatArray) -> FloatArray:
    """RGB→XYZ from primary chromaticities (rows x, y) and the white's XYZ (SMPTE RP 177)."""
    xyz = (
        np.stack([primaries[:, 0], primaries[:, 1], 1.0 - primaries[:, 0] - primaries[:, 1]])
        / primaries[:, 1]
    )
    scale = np.linalg.solve(xyz, white)
    result: FloatArray = xyz * scale
    return result


SRGB_PRIMARIES: FloatArray = np.array([[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]])
SRGB_TO_XYZ: FloatArray = primaries_matrix(SRGB_PRIMARIES, D65)
XYZ_TO_SRGB: FloatArray = np.asarray(np.linalg.inv(SRGB_TO_XYZ), dtype=np.float64)

BRADFORD: FloatArray = np.array(
    [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ]
)


def _array(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def srgb_to_linear(encoded: ArrayLike) -> FloatArray:
    """Decode sRGB values in 0–1 to linear light (IEC 61966-2-1 piecewise curve)."""
    v = _array(encoded)
    return np.where(v <= 0.04045, v / 12.92, ((np.maximum(v, 0.04045) + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: ArrayLike) -> FloatArray:
    """Encode linear light in 0–1 as sRGB values in 0–1."""
    v = _array(linear)
    return np.where(
        v <= 0.0031308, v * 12.92, 1.055 * np.maximum(v, 0.0031308) ** (1.0 / 2.4) - 0.055
    )


def srgb_decoding_table() -> FloatArray:
    """The 256-entry lookup table from 8-bit sRGB codes to linear light (fast path for images)."""
    return srgb_to_linear(np.arange(256) / 255.0)


def linear_srgb_to_xyz(linear: ArrayLike) -> FloatArray:
    return _array(linear) @ SRGB_TO_XYZ.T


def xyz_to_linear_srgb(xyz: ArrayLike) -> FloatArray:
    return _array(xyz) @ XYZ_TO_SRGB.T


def _f(t: FloatArray) -> FloatArray:
    return np.where(
        t > LAB_EPSILON,
        np.cbrt(t),
        (LAB_KAPPA * t + 16.0) / 116.0,
    )


def _f_inverse(f: FloatArray) -> FloatArray:
    cube = f**3
    return np.where(cube > LAB_EPSILON, cube, (116.0 * f - 16.0) / LAB_KAPPA)


def xyz_to_lab(xyz: ArrayLike, white: FloatArray = D65) -> FloatArray:
    ratios = _f(_array(xyz) / white)
    fx, fy, fz = ratios[..., 0], ratios[..., 1], ratios[..., 2]
    return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], axis=-1)


def lab_to_xyz(lab: ArrayLike, white: FloatArray = D65) -> FloatArray:
    values = _array(lab)
    fy = (values[..., 0] + 16.0) / 116.0
    fx = fy + values[..., 1] / 500.0
    fz = fy - values[..., 2] / 200.0
    # L* below κε/116 maps linearly, so Y comes from L* directly there (CIE 15:2004 eq. 8.9).
    y = np.where(values[..., 0] > LAB_KAPPA * LAB_EPSILON, fy**3, values[..., 0] / LAB_KAPPA)
    return np.stack([_f_inverse(fx), y, _f_inverse(fz)], axis=-1) * white


def bradford_matrix(source_white: FloatArray, target_white: FloatArray) -> FloatArray:
    """The von Kries-type Bradford transform taking colours seen under one white to another."""
    source = BRADFORD @ source_white
    target = BRADFORD @ target_white
    result: FloatArray = np.linalg.inv(BRADFORD) @ np.diag(target / source) @ BRADFORD
    return result


def lab_d50_to_d65(lab_d50: ArrayLike) -> FloatArray:
    """Published chart values are CIELAB D50; the pipeline works in CIELAB D65."""
    xyz_d50 = lab_to_xyz(lab_d50, D50)
    xyz_d65 = xyz_d50 @ bradford_matrix(D50, D65).T
    return xyz_to_lab(xyz_d65, D65)


def lab_to_linear_srgb(lab: ArrayLike) -> FloatArray:
    return xyz_to_linear_srgb(lab_to_xyz(lab, D65))


def linear_srgb_to_lab(linear: ArrayLike) -> FloatArray:
    return xyz_to_lab(linear_srgb_to_xyz(linear), D65)


def lab_to_srgb8(lab: ArrayLike) -> tuple[int, int, int]:
    """A displayable swatch colour (clipped to the sRGB gamut) for one L*a*b* value."""
    encoded = linear_to_srgb(np.clip(lab_to_linear_srgb(lab), 0.0, 1.0))
    r, g, b = (round(float(c) * 255.0) for c in encoded)
    return r, g, b
