"""Melanin and erythema indices from calibrated linear camera RGB.

Diffey's reflectance indices (Diffey BL, Oliver RJ, Farr PM. Br J Dermatol 1984;111:663–672):
    melanin index  M = 100 · log10(1 / R_red)
    erythema index E = 100 · log10(R_red / R_green)   ( = 100·[log10(1/R_green) − log10(1/R_red)] )
The instruments use narrow bands (≈ 655 nm and 568 nm); a photo gives broadband channels, so
Speciosa uses the colour-corrected *linear* sRGB red and green of the region as the reflectances
(linear camera RGB tracked the spectral melanin index with r = 0.988 on 4,392 skin spectra —
docs/skin-photo-measurements.md). The values are comparable within Speciosa, not with a
Mexameter's numbers.
"""

from __future__ import annotations

import math

# Reflectance floor: a region darker than 0.1 % would make the logarithm meaningless.
MIN_REFLECTANCE = 1e-3


def melanin_index(red: float) -> float:
    return 100.0 * math.log10(1.0 / max(red, MIN_REFLECTANCE))


def erythema_index(red: float, green: float) -> float:
    return 100.0 * math.log10(max(red, MIN_REFLECTANCE) / max(green, MIN_REFLECTANCE))
