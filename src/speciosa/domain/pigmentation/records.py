"""A stored skin measurement: who, when, which sites and boxes, which photo, what was measured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.pigmentation.measurement import SiteColour, SkinMeasurement
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.pigmentation.trend import TrendPhoto

DEFAULT_SITE = "affected site"
DEFAULT_REFERENCE_SITE = "reference site"
MAX_SITE_LENGTH = 80


@dataclass(frozen=True)
class SkinPhotoRecord:
    id: str
    person_id: str
    taken_at: datetime
    photo_sha256: str
    photo_width: int
    photo_height: int
    site: str
    reference_site: str
    roi: Box
    reference_roi: Box | None
    measurement: SkinMeasurement
    fingerprint: str
    created_by: str

    def trend_photo(self) -> TrendPhoto | None:
        m = self.measurement
        if m.delta_L is None or m.delta_e_2000 is None or not m.calibrated:
            return None
        return TrendPhoto(self.id, self.taken_at, m.delta_L, m.delta_e_2000)


def site_to_json(site: SiteColour) -> dict[str, object]:
    return {
        **site.as_json(),
        "category_label": site.category_label,
        "swatch": site.swatch,
    }


def measurement_to_json(measurement: SkinMeasurement) -> dict[str, object]:
    """Everything needed to show the result again, beyond the contract shape."""
    data = measurement.as_json()
    data["roi"] = site_to_json(measurement.roi)
    data["reference"] = (
        None if measurement.reference is None else site_to_json(measurement.reference)
    )
    data["correction"] = measurement.correction
    return data


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _optional_float(value: object) -> float | None:
    return None if value is None else _float(value)


def site_from_json(data: Mapping[str, object]) -> SiteColour:
    return SiteColour(
        L=_float(data["L"]),
        a=_float(data["a"]),
        b=_float(data["b"]),
        ita_deg=_float(data["ita_deg"]),
        category=str(data["category"]),
        category_label=str(data.get("category_label", data["category"])),
        melanin_index=_float(data["melanin_index"]),
        erythema_index=_float(data["erythema_index"]),
        swatch=str(data.get("swatch", "#808080")),
    )


def measurement_from_json(data: Mapping[str, object]) -> SkinMeasurement:
    roi = data["roi"]
    reference = data.get("reference")
    if not isinstance(roi, Mapping) or not (reference is None or isinstance(reference, Mapping)):
        raise ValueError("stored measurement has no region data")
    correction = data.get("correction")
    return SkinMeasurement(
        calibrated=bool(data["calibrated"]),
        checker_delta_e=_optional_float(data.get("checker_delta_e")),
        correction=None if correction is None else str(correction),
        roi=site_from_json(roi),
        reference=None if reference is None else site_from_json(reference),
        delta_e_2000=_optional_float(data.get("delta_e_2000")),
        delta_L=_optional_float(data.get("delta_L")),
    )
