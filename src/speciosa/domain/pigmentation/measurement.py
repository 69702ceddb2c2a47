"""From sampled chart patches and skin regions to a `SkinMeasurement` (pure).

Adapters decode the photo, find the chart and take medians; this module checks the samples,
fits the correction, refuses a photo it cannot trust (saying why), and describes each region in
CIELAB D65 with ITA°, its category, and the melanin and erythema indices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.pigmentation.ciede2000 import delta_e_2000
from speciosa.domain.pigmentation.colour_spaces import (
    lab_to_srgb8,
    linear_srgb_to_lab,
    srgb_to_linear,
)
from speciosa.domain.pigmentation.correction import (
    Correction,
    chart_is_reversed,
    fit_correction,
)
from speciosa.domain.pigmentation.ita import ItaCategory, classify_ita, ita_degrees
from speciosa.domain.pigmentation.rules import ChartReference, PigmentationRules
from speciosa.domain.pigmentation.skin_indices import erythema_index, melanin_index

WHITE_PATCH = 18  # index of "white 9.5" in reading order
# A root-polynomial fit has 6 coefficients per channel; three times as many patches keeps the
# leave-one-out comparison meaningful.
MIN_FITTED_PATCHES = 18


class PhotoRefused(InvalidInput):
    """The photo cannot be measured with trust; `detail` says why and how to retake it."""

    slug = "photo-refused"
    title = "This photo cannot be measured reliably"


@dataclass(frozen=True)
class PatchSamples:
    """Per-patch median sRGB code values (0–255), spread (p95−p5, worst channel), and size."""

    medians: NDArray[np.float64]  # (24, 3)
    spreads: NDArray[np.float64]  # (24,)
    side_px: float


@dataclass(frozen=True)
class SiteColour:
    L: float
    a: float
    b: float
    ita_deg: float
    category: str
    category_label: str
    melanin_index: float
    erythema_index: float
    swatch: str  # "#rrggbb", the corrected colour for display

    def as_json(self) -> dict[str, object]:
        """The contract shape of one region (CLI `skin measure --json`, API)."""
        return {
            "L": round(self.L, 2),
            "a": round(self.a, 2),
            "b": round(self.b, 2),
            "ita_deg": round(self.ita_deg, 2),
            "category": self.category,
            "melanin_index": round(self.melanin_index, 2),
            "erythema_index": round(self.erythema_index, 2),
        }


@dataclass(frozen=True)
class SkinMeasurement:
    calibrated: bool
    checker_delta_e: float | None
    correction: str | None  # "matrix" / "root_polynomial", None when uncalibrated
    roi: SiteColour
    reference: SiteColour | None
    delta_e_2000: float | None
    delta_L: float | None  # noqa: N815 — affected minus reference L*

    def as_json(self) -> dict[str, object]:
        return {
            "calibrated": self.calibrated,
            "checker_delta_e": None
            if self.checker_delta_e is None
            else round(self.checker_delta_e, 2),
            "roi": self.roi.as_json(),
            "reference": None if self.reference is None else self.reference.as_json(),
            "delta_e_2000": None if self.delta_e_2000 is None else round(self.delta_e_2000, 2),
            "delta_L": None if self.delta_L is None else round(self.delta_L, 2),
        }


def describe_site(linear_rgb: NDArray[np.float64], categories: Sequence[ItaCategory]) -> SiteColour:
    """A region's colour from its (corrected) linear sRGB."""
    lab = linear_srgb_to_lab(linear_rgb)
    lightness, a_star, b_star = (float(v) for v in lab)
    ita = ita_degrees(lightness, b_star)
    category = classify_ita(ita, categories)
    red, green = float(linear_rgb[0]), float(linear_rgb[1])
    r, g, b = lab_to_srgb8(lab)
    return SiteColour(
        L=lightness,
        a=a_star,
        b=b_star,
        ita_deg=ita,
        category=category.key,
        category_label=category.label,
        melanin_index=melanin_index(red),
        erythema_index=erythema_index(red, green),
        swatch=f"#{r:02x}{g:02x}{b:02x}",
    )


def _problems(patches: PatchSamples, rules: PigmentationRules) -> list[str]:
    """What in the chart's samples explains a poor fit, in words a person can act on."""
    found = []
    if patches.side_px < rules.min_patch_side_px:
        found.append(
            f"the chart is too small in the photo (patches about {patches.side_px:.0f} px wide; "
            f"at least {rules.min_patch_side_px:.0f} px are needed) — move closer"
        )
    clipped = int((patches.medians >= rules.clip_code_value).any(axis=1).sum())
    if clipped > 1:
        found.append(
            f"the exposure is clipped ({clipped} chart patches are at full brightness) — "
            "lock the exposure lower or move out of direct light"
        )
    if float(patches.medians[WHITE_PATCH].max()) < rules.min_white_code_value:
        found.append("the photo is too dark (the chart's white patch reads dark grey)")
    glare = int((patches.spreads > rules.glare_spread_code_values).sum())
    if glare:
        found.append(
            f"there is glare or uneven light on {glare} chart patch(es) — avoid flash and "
            "reflections, tilt the chart slightly away from the light"
        )
    return found


def _check_region(median: NDArray[np.float64], rules: PigmentationRules, name: str) -> None:
    if float(median.max()) >= rules.clip_code_value:
        raise PhotoRefused(
            f"The {name} is overexposed in this photo (a colour channel is at full brightness), "
            "so its colour cannot be measured. Retake it with a lower, locked exposure.",
            field=name.replace(" ", "_"),
        )


def fit_chart(patches: PatchSamples, chart: ChartReference, rules: PigmentationRules) -> Correction:
    """The correction for this photo, or PhotoRefused with the reasons when it is too poor."""
    camera = srgb_to_linear(patches.medians / 255.0)
    if chart_is_reversed(camera, chart.linear_srgb):
        camera = camera[::-1]
        patches = PatchSamples(patches.medians[::-1], patches.spreads[::-1], patches.side_px)
    unclipped: NDArray[np.bool_] = np.asarray(
        ~(patches.medians >= rules.clip_code_value).any(axis=1), dtype=bool
    )
    if int(unclipped.sum()) < MIN_FITTED_PATCHES:
        raise PhotoRefused(
            f"Only {int(unclipped.sum())} of the chart's 24 patches are below full brightness, "
            "too few to correct the colours: " + "; ".join(_problems(patches, rules)) + "."
        )
    correction = fit_correction(camera, chart.linear_srgb, unclipped)
    if correction.checker_delta_e > rules.max_checker_delta_e:
        reasons = _problems(patches, rules) or [
            "the chart's colours do not match a ColorChecker Classic under one light (glare "
            "across the chart, mixed light, a filter, or a different chart)"
        ]
        raise PhotoRefused(
            f"The colour chart could not be matched well enough to trust the measurement "
            f"(mean ΔE2000 {correction.checker_delta_e:.1f} over the 24 patches; at most "
            f"{rules.max_checker_delta_e:.1f} is accepted): " + "; ".join(reasons) + "."
        )
    return correction


def _compare(roi: SiteColour, reference: SiteColour | None) -> tuple[float | None, float | None]:
    if reference is None:
        return None, None
    first = np.array([roi.L, roi.a, roi.b])
    second = np.array([reference.L, reference.a, reference.b])
    return float(delta_e_2000(first, second)), roi.L - reference.L


def measure_calibrated(
    patches: PatchSamples,
    roi_median: NDArray[np.float64],
    reference_median: NDArray[np.float64] | None,
    chart: ChartReference,
    rules: PigmentationRules,
    categories: Sequence[ItaCategory],
) -> SkinMeasurement:
    """Region medians are sRGB code values (0–255) from the same photo as the patches."""
    _check_region(roi_median, rules, "affected region")
    if reference_median is not None:
        _check_region(reference_median, rules, "reference region")
    correction = fit_chart(patches, chart, rules)

    def corrected(median: NDArray[np.float64]) -> SiteColour:
        linear = correction.apply(srgb_to_linear(median / 255.0))
        return describe_site(np.clip(linear, 0.0, None), categories)

    roi = corrected(roi_median)
    reference = None if reference_median is None else corrected(reference_median)
    delta_e, delta_l = _compare(roi, reference)
    return SkinMeasurement(
        calibrated=True,
        checker_delta_e=correction.checker_delta_e,
        correction=correction.kind,
        roi=roi,
        reference=reference,
        delta_e_2000=delta_e,
        delta_L=delta_l,
    )


def measure_uncalibrated(
    roi_median: NDArray[np.float64],
    reference_median: NDArray[np.float64] | None,
    categories: Sequence[ItaCategory],
) -> SkinMeasurement:
    """Plain sRGB taken at face value: only comparable within one photo."""
    roi = describe_site(srgb_to_linear(roi_median / 255.0), categories)
    reference = (
        None
        if reference_median is None
        else describe_site(srgb_to_linear(reference_median / 255.0), categories)
    )
    delta_e, delta_l = _compare(roi, reference)
    return SkinMeasurement(
        calibrated=False,
        checker_delta_e=None,
        correction=None,
        roi=roi,
        reference=reference,
        delta_e_2000=delta_e,
        delta_L=delta_l,
    )
