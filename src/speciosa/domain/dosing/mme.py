"""Morphine milligram equivalents (MME/day) with the CDC 2022 conversion factors.

MME/day = dose (mg) × doses per day × factor; for transdermal fentanyl, mcg/h × factor. The
factors live in `reference/mme_factors.yaml` with their source; a drug the CDC gives no factor
(buprenorphine) is refused with the reason, never converted with a guessed number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date

PER_DAY_UNIT = "mg"
PATCH_UNIT = "mcg_per_hour"


@dataclass(frozen=True)
class MmeFactor:
    drug: str
    factor: float | None  # None: the source gives no factor (see `reason`)
    dose_unit: str
    source: str
    as_of: date
    aliases: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class MmeTable:
    by_name: Mapping[str, MmeFactor]

    def find(self, name: str) -> MmeFactor | None:
        return self.by_name.get(normalise_drug(name))


@dataclass(frozen=True)
class RegimenItem:
    drug: str
    dose_mg: float | None = None
    doses_per_day: float | None = None
    mcg_per_hour: float | None = None


@dataclass(frozen=True)
class MmeLine:
    drug: str
    mme: float
    factor: float
    source: str


@dataclass(frozen=True)
class MmeResult:
    total_mme: float
    items: tuple[MmeLine, ...]


def normalise_drug(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def parse_mme_table(table: ReferenceTable) -> MmeTable:
    by_name: dict[str, MmeFactor] = {}
    for index, row in enumerate(table.rows, 1):
        where = f"{table.name} row {index}"
        raw_factor = row.get("factor")
        unit = str(row.get("dose_unit", PER_DAY_UNIT))
        if unit not in (PER_DAY_UNIT, PATCH_UNIT):
            raise ReferenceDataError(f"{where}: dose_unit must be {PER_DAY_UNIT} or {PATCH_UNIT}.")
        if raw_factor is None and not row.get("reason"):
            raise ReferenceDataError(f"{where}: a row without a factor must give its reason.")
        entry = MmeFactor(
            drug=str(row["drug"]),
            factor=None if raw_factor is None else float(str(raw_factor)),
            dose_unit=unit,
            source=str(row["source"]),
            as_of=as_date(row["as_of"], where),
            aliases=tuple(str(a) for a in row.get("aliases") or ()),  # type: ignore[attr-defined]
            reason=str(row.get("reason", "")),
        )
        for name in (entry.drug, *entry.aliases):
            key = normalise_drug(name)
            if key in by_name:
                raise ReferenceDataError(f"{where}: '{name}' is listed twice.")
            by_name[key] = entry
    return MmeTable(by_name)


def _number(raw: Mapping[str, object], key: str, where: str, *, positive: bool) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(
            f"{where}.{key} must be a number, got {value!r}.", field=f"{where}.{key}"
        )
    if value < 0 or (positive and value == 0):
        need = "more than zero" if positive else "zero or more"
        raise InvalidInput(f"{where}.{key} must be {need}, got {value}.", field=f"{where}.{key}")
    return float(value)


def parse_regimen(raw: object, table: MmeTable) -> list[RegimenItem]:
    """Validate a regimen (a list of items) against the factor table, naming any bad field."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput("The regimen must be a non-empty list of drugs.", field="regimen")
    items = []
    for index, entry in enumerate(raw):
        where = f"regimen[{index}]"
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"{where} must be an object with a drug.", field=where)
        drug = entry.get("drug")
        if not isinstance(drug, str) or not drug.strip():
            raise InvalidInput(f"{where}.drug must name a drug.", field=f"{where}.drug")
        factor = table.find(drug)
        if factor is None:
            known = ", ".join(sorted({f.drug for f in table.by_name.values()}))
            raise InvalidInput(
                f"Unknown drug '{drug}' in {where}. Known: {known}.", field=f"{where}.drug"
            )
        if factor.factor is None:
            raise InvalidInput(
                f"'{drug}' has no MME conversion factor: {factor.reason}", field=f"{where}.drug"
            )
        if factor.dose_unit == PATCH_UNIT:
            items.append(
                RegimenItem(
                    factor.drug, mcg_per_hour=_number(entry, "mcg_per_hour", where, positive=False)
                )
            )
        else:
            items.append(
                RegimenItem(
                    factor.drug,
                    dose_mg=_number(entry, "dose_mg", where, positive=False),
                    doses_per_day=_number(entry, "doses_per_day", where, positive=False),
                )
            )
    return items


def calculate_mme(regimen: Sequence[RegimenItem], table: MmeTable) -> MmeResult:
    lines = []
    for item in regimen:
        factor = table.find(item.drug)
        if factor is None or factor.factor is None:
            raise InvalidInput(f"No MME conversion factor for '{item.drug}'.", field="drug")
        if factor.dose_unit == PATCH_UNIT:
            daily = item.mcg_per_hour or 0.0
        else:
            daily = (item.dose_mg or 0.0) * (item.doses_per_day or 0.0)
        lines.append(
            MmeLine(factor.drug, round(daily * factor.factor, 2), factor.factor, factor.source)
        )
    return MmeResult(round(sum(line.mme for line in lines), 2), tuple(lines))
