"""Colour correction fitted to a photographed ColorChecker, chosen by held-out patches.

Candidates (each maps camera linear RGB to linear sRGB D65):
- `matrix`: a 3×3 matrix (least squares on the 24 patches);
- `root_polynomial`: Finlayson, Mackiewicz & Hurlbert's second-order root-polynomial (r, g, b,
  √rg, √gb, √rb), exposure-invariant like the matrix but able to bend around skin tones
  (Finlayson GD et al. Color correction using root-polynomial regression. IEEE Trans Image
  Process 2015;24(5):1460–1470). Higher orders overfit 24 patches (docs/skin-photo-measurements.md).
Each is tried on the sRGB-decoded camera values, and again after a per-channel power
linearisation fitted to the six neutral patches (phone tone curves are not exactly sRGB). The
candidate with the lowest leave-one-out mean ΔE00 wins; `checker_delta_e` is its in-sample mean
ΔE00 over the 24 patches, the figure the issue asks to report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from speciosa.domain.pigmentation.ciede2000 import delta_e_2000
from speciosa.domain.pigmentation.colour_spaces import linear_srgb_to_lab

FloatArray = NDArray[np.float64]
NEUTRAL_PATCHES = slice(18, 24)  # white 9.5 … black 2, in the chart's reading order
# Patches whose camera value is this close to the clip level say nothing about the tone curve.
_USABLE_NEUTRAL = (0.004, 0.97)
_FLOOR = 1e-6


def _matrix_features(rgb: FloatArray) -> FloatArray:
    return rgb


def _root_polynomial_features(rgb: FloatArray) -> FloatArray:
    r, g, b = (np.maximum(rgb[..., i], 0.0) for i in range(3))
    return np.stack([r, g, b, np.sqrt(r * g), np.sqrt(g * b), np.sqrt(r * b)], axis=-1)


FEATURES: dict[str, Callable[[FloatArray], FloatArray]] = {
    "matrix": _matrix_features,
    "root_polynomial": _root_polynomial_features,
}


@dataclass(frozen=True)
class Correction:
    kind: str
    exponents: tuple[float, float, float]
    coefficients: FloatArray
    checker_delta_e: float
    held_out_delta_e: float
    patch_delta_e: tuple[float, ...]

    def apply(self, camera_linear: FloatArray) -> FloatArray:
        """Corrected linear sRGB for camera linear RGB values along the last axis."""
        shaped = np.power(np.maximum(camera_linear, _FLOOR), np.asarray(self.exponents))
        result: FloatArray = FEATURES[self.kind](shaped) @ self.coefficients
        return result


def _weights(target_linear: FloatArray) -> FloatArray:
    # Relative error: without it the white patch dominates and dark patches (and skin) suffer.
    luminance = target_linear @ np.array([0.2126, 0.7152, 0.0722])
    result: FloatArray = 1.0 / np.sqrt(np.maximum(luminance, 0.02))
    return result


def _solve(features: FloatArray, target: FloatArray, weights: FloatArray) -> FloatArray:
    w = weights[:, None]
    coefficients, *_ = np.linalg.lstsq(features * w, target * w, rcond=None)
    return np.asarray(coefficients, dtype=np.float64)


def fit_neutral_exponents(camera_linear: FloatArray, target_linear: FloatArray) -> FloatArray:
    """One power p (shared by the channels: a phone applies one tone curve) so that camera^p is
    proportional to the target on the usable neutral patches; each channel keeps its own gain.
    Pooling the channels keeps one noisy channel from bending its own curve."""
    cam = camera_linear[NEUTRAL_PATCHES]
    luminance = target_linear[NEUTRAL_PATCHES] @ np.array([0.2126, 0.7152, 0.0722])
    xs, ys = [], []
    for channel in range(3):
        values = cam[:, channel]
        usable = (values > _USABLE_NEUTRAL[0]) & (values < _USABLE_NEUTRAL[1])
        if usable.sum() < 3:
            continue
        x = np.log(values[usable])
        y = np.log(luminance[usable])
        xs.append(x - x.mean())
        ys.append(y - y.mean())
    if not xs:
        return np.ones(3)
    x_all, y_all = np.concatenate(xs), np.concatenate(ys)
    slope = float((x_all * y_all).sum() / max(float((x_all * x_all).sum()), _FLOOR))
    return np.full(3, float(np.clip(slope, 0.5, 2.0)))


def _patch_errors(
    kind: str,
    exponents: FloatArray,
    camera: FloatArray,
    target: FloatArray,
    target_lab: FloatArray,
    usable: NDArray[np.bool_],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(coefficients, ΔE00 per patch (all), leave-one-out ΔE00 per usable patch); only the
    usable patches are fitted."""
    features = FEATURES[kind](np.power(np.maximum(camera, _FLOOR), exponents))
    weights = _weights(target)
    fit_f, fit_t, fit_w, fit_lab = (
        features[usable],
        target[usable],
        weights[usable],
        target_lab[usable],
    )
    coefficients = _solve(fit_f, fit_t, fit_w)
    fitted = linear_srgb_to_lab(features @ coefficients)
    # Leave-one-out predictions in closed form (the PRESS residuals of weighted least squares:
    # e_i / (1 − h_ii)), identical to refitting without each patch, without 24 refits.
    weighted = fit_f * fit_w[:, None]
    hat = np.einsum("ij,jk,ik->i", weighted, np.linalg.pinv(weighted.T @ weighted), weighted)
    residual = (fit_t - fit_f @ coefficients) * fit_w[:, None]
    leverage = np.clip(1.0 - hat, 1e-9, None)[:, None]
    loo_prediction = fit_t - residual / leverage / fit_w[:, None]
    held_out = delta_e_2000(linear_srgb_to_lab(loo_prediction), fit_lab)
    return coefficients, delta_e_2000(fitted, target_lab), held_out


def fit_correction(
    camera_linear: FloatArray,
    target_linear: FloatArray,
    usable: NDArray[np.bool_] | None = None,
) -> Correction:
    """The candidate with the lowest held-out (leave-one-out) mean ΔE00 on the chart. Only the
    `usable` patches (default: all) are fitted — a clipped patch says nothing about colour —
    but `checker_delta_e` is the mean over all patches, so clipping shows in it."""
    camera = np.asarray(camera_linear, dtype=np.float64)
    target = np.asarray(target_linear, dtype=np.float64)
    target_lab = linear_srgb_to_lab(target)
    usable = np.ones(len(camera), dtype=bool) if usable is None else usable
    shapes = [np.ones(3), fit_neutral_exponents(camera, target)]
    best: Correction | None = None
    for exponents in shapes:
        for kind in FEATURES:
            coefficients, fitted, held_out = _patch_errors(
                kind, exponents, camera, target, target_lab, usable
            )
            candidate = Correction(
                kind=kind,
                exponents=(float(exponents[0]), float(exponents[1]), float(exponents[2])),
                coefficients=coefficients,
                checker_delta_e=float(fitted.mean()),
                held_out_delta_e=float(held_out.mean()),
                patch_delta_e=tuple(float(v) for v in fitted),
            )
            if best is None or candidate.held_out_delta_e < best.held_out_delta_e:
                best = candidate
    assert best is not None
    return best


def chart_is_reversed(camera_linear: FloatArray, target_linear: FloatArray) -> bool:
    """True when the patches were read from the far corner (the chart photographed upside
    down): the reversed order then fits a plain matrix better than the given order."""

    def residual(camera: FloatArray) -> float:
        coefficients, *_ = np.linalg.lstsq(camera, target_linear, rcond=None)
        return float(np.square(camera @ coefficients - target_linear).sum())

    return residual(camera_linear[::-1]) < residual(camera_linear)
