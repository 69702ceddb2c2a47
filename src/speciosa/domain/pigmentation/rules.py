"""The pigmentation rule parameters and the chart reference, parsed once from reference data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.pigmentation.colour_spaces import lab_d50_to_d65, lab_to_linear_srgb

PATCH_COUNT = 24


@dataclass(frozen=True)
class ChartReference:
    """The card's published values (CIELAB D50) and what the pipeline fits to (linear sRGB D65)."""

    names: tuple[str, ...]
    lab_d50: NDArray[np.float64]
    lab_d65: NDArray[np.float64]
    linear_srgb: NDArray[np.float64]


@dataclass(frozen=True)
class PigmentationRules:
    max_checker_delta_e: float
    clip_code_value: float
    min_white_code_value: float
    glare_spread_code_values: float
    min_patch_side_px: float
    min_roi_side_px: int
    sdc_z: float
    default_repeat_sd_delta_l: float
    sdc_floor_delta_l: float
    darkening_consecutive_sessions: int
    perceptible_delta_e: float


def _number(row: Mapping[str, object], name: str, where: str) -> float:
    value = row.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReferenceDataError(f"{where}: '{name}' must be a number.")
    return float(value)


def parse_chart_reference(rows: Sequence[Mapping[str, object]]) -> ChartReference:
    if len(rows) != PATCH_COUNT:
        raise ReferenceDataError(f"colorchecker_classic: expected 24 patches, got {len(rows)}.")
    ordered = sorted(rows, key=lambda r: _number(r, "patch", "colorchecker_classic"))
    if [int(_number(r, "patch", "")) for r in ordered] != list(range(1, 25)):
        raise ReferenceDataError("colorchecker_classic: patches must be numbered 1 to 24.")
    lab = np.array(
        [
            [_number(r, k, f"colorchecker_classic patch {r.get('patch')}") for k in "Lab"]
            for r in ordered
        ]
    )
    lab_d65 = lab_d50_to_d65(lab)
    return ChartReference(
        names=tuple(str(r.get("name", "")) for r in ordered),
        lab_d50=lab,
        lab_d65=lab_d65,
        linear_srgb=lab_to_linear_srgb(lab_d65),
    )


def parse_pigmentation_rules(rows: Sequence[Mapping[str, object]]) -> PigmentationRules:
    values: dict[str, float] = {}
    for index, row in enumerate(rows):
        key = row.get("key")
        if not isinstance(key, str):
            raise ReferenceDataError(f"pigmentation_rules row {index + 1}: 'key' is text.")
        values[key] = _number(row, "value", f"pigmentation_rules '{key}'")
    try:
        return PigmentationRules(
            max_checker_delta_e=values["max_checker_delta_e"],
            clip_code_value=values["clip_code_value"],
            min_white_code_value=values["min_white_code_value"],
            glare_spread_code_values=values["glare_spread_code_values"],
            min_patch_side_px=values["min_patch_side_px"],
            min_roi_side_px=int(values["min_roi_side_px"]),
            sdc_z=values["sdc_z"],
            default_repeat_sd_delta_l=values["default_repeat_sd_delta_l"],
            sdc_floor_delta_l=values["sdc_floor_delta_l"],
            darkening_consecutive_sessions=int(values["darkening_consecutive_sessions"]),
            perceptible_delta_e=values["perceptible_delta_e"],
        )
    except KeyError as missing:
        raise ReferenceDataError(f"pigmentation_rules: no row for {missing}.") from None
