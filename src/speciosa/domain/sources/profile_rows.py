"""Reading the standards profile (`profile.StandardsProfile`) from the reference table
`coa_limits`: one parser per rule kind (the `rule` column, listed in `profile`); a malformed row
fails start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import as_date
from speciosa.domain.sources.profile import (
    AbsenceRule,
    Action,
    Citation,
    Comparison,
    ConcentrationLimit,
    CountLimit,
    DailyExposureLimit,
    MicrobialCategory,
    ServingLimit,
    ShareRule,
    StandardsProfile,
)
from speciosa.domain.sources.units import Dimension, parse_unit, to_base

T = TypeVar("T")


def _decimal(row: Mapping[str, object], name: str, where: str) -> Decimal:
    value = row.get(name)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ReferenceDataError(f"{where}: '{name}' must be a number, got {value!r}.") from None
    if not number.is_finite() or number < 0:
        raise ReferenceDataError(f"{where}: '{name}' must be a non-negative number.")
    return number


def _citation(row: Mapping[str, object], where: str) -> Citation:
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ReferenceDataError(f"{where}: every limit needs a 'name' (the rule as read).")
    return Citation(
        rule=name.strip(),
        source=str(row.get("source", "")).strip(),
        as_of=as_date(row.get("as_of"), where),
        note=str(row.get("note", "") or "").strip(),
    )


def _judging(row: Mapping[str, object], where: str) -> tuple[Comparison, Action]:
    try:
        return Comparison(str(row.get("comparison", "le"))), Action(str(row.get("action", "fail")))
    except ValueError:
        raise ReferenceDataError(f"{where}: comparison lt|le and action fail|flag.") from None


def _concentration(row: Mapping[str, object], where: str) -> ConcentrationLimit:
    unit = parse_unit(str(row.get("unit", "")))
    if unit is None or unit.dimension is not Dimension.MASS_FRACTION:
        raise ReferenceDataError(f"{where}: unknown mass-fraction unit {row.get('unit')!r}.")
    limit = to_base(_decimal(row, "max", where), unit)
    comparison, action = _judging(row, where)
    return ConcentrationLimit(str(row["analyte"]), limit, comparison, action, _citation(row, where))


def _serving(row: Mapping[str, object], where: str) -> ServingLimit:
    comparison, action = _judging(row, where)
    return ServingLimit(
        str(row["analyte"]),
        _decimal(row, "max_mg", where),
        comparison,
        action,
        _citation(row, where),
    )


def _pde(row: Mapping[str, object], where: str) -> DailyExposureLimit:
    return DailyExposureLimit(
        str(row["analyte"]), _decimal(row, "pde_ug_per_day", where), _citation(row, where)
    )


def _category(row: Mapping[str, object], where: str) -> MicrobialCategory:
    try:
        return MicrobialCategory(str(row.get("category")))
    except ValueError:
        raise ReferenceDataError(f"{where}: unknown category {row.get('category')!r}.") from None


def _count(row: Mapping[str, object], where: str) -> CountLimit:
    return CountLimit(
        str(row["analyte"]),
        _decimal(row, "max_cfu_per_g", where),
        _category(row, where),
        bool(row.get("required", True)),
        _citation(row, where),
    )


def _absence(row: Mapping[str, object], where: str) -> AbsenceRule:
    return AbsenceRule(
        str(row["analyte"]),
        _decimal(row, "sample_grams", where),
        _category(row, where),
        _citation(row, where),
    )


def _share(row: Mapping[str, object], where: str) -> ShareRule:
    return ShareRule(
        str(row["analyte"]), _decimal(row, "max_percent", where), _citation(row, where)
    )


_PARSERS: dict[str, Callable[[Mapping[str, object], str], object]] = {
    "pde": _pde,
    "concentration": _concentration,
    "count": _count,
    "absence": _absence,
    "alkaloid_share": _share,
    "enhanced_share": _share,
    "per_serving": _serving,
    "alkaloid_reporting": _citation,
    "solvent_panel": _citation,
    "synthetic": _citation,
    "reference_daily_grams": lambda row, where: (
        _decimal(row, "grams", where),
        _citation(row, where),
    ),
}
_WITHOUT_ANALYTE = {"synthetic", "reference_daily_grams", "alkaloid_reporting", "solvent_panel"}


def parse_standards_profile(rows: Iterable[Mapping[str, object]]) -> StandardsProfile:
    parsed: dict[str, list[object]] = {rule: [] for rule in _PARSERS}
    for index, row in enumerate(rows, start=1):
        where = f"coa_limits row {index}"
        rule = str(row.get("rule"))
        if rule not in _PARSERS:
            raise ReferenceDataError(f"{where}: unknown rule {row.get('rule')!r}.")
        if rule not in _WITHOUT_ANALYTE and "analyte" not in row:
            raise ReferenceDataError(f"{where}: missing 'analyte'.")
        parsed[rule].append(_PARSERS[rule](row, where))
    singles = (
        "alkaloid_share",
        "enhanced_share",
        "alkaloid_reporting",
        "synthetic",
        "reference_daily_grams",
    )
    for rule in singles:
        if len(parsed[rule]) != 1:
            raise ReferenceDataError(f"coa_limits: needs exactly one '{rule}' row.")
    if not parsed["pde"]:
        raise ReferenceDataError("coa_limits: needs USP <2232> 'pde' rows.")
    reference = parsed["reference_daily_grams"][0]
    assert isinstance(reference, tuple)
    grams: Decimal = reference[0]
    grams_citation: Citation = reference[1]
    if grams <= 0:
        raise ReferenceDataError("coa_limits: reference_daily_grams must be positive.")
    if (
        _one(parsed["enhanced_share"], ShareRule).max_percent
        != _one(parsed["alkaloid_share"], ShareRule).max_percent
    ):
        raise ReferenceDataError("coa_limits: the enhanced flag must use the 7-OH share limit.")
    return StandardsProfile(
        daily_exposure=tuple(p for p in parsed["pde"] if isinstance(p, DailyExposureLimit)),
        concentration=tuple(
            p for p in parsed["concentration"] if isinstance(p, ConcentrationLimit)
        ),
        counts=tuple(p for p in parsed["count"] if isinstance(p, CountLimit)),
        absences=tuple(p for p in parsed["absence"] if isinstance(p, AbsenceRule)),
        share=_one(parsed["alkaloid_share"], ShareRule),
        enhanced=_one(parsed["enhanced_share"], ShareRule),
        synthetic=_one(parsed["synthetic"], Citation),
        reference_daily_grams=grams,
        reference_daily_grams_citation=grams_citation,
        alkaloid_reporting=_one(parsed["alkaloid_reporting"], Citation),
        per_serving=tuple(p for p in parsed["per_serving"] if isinstance(p, ServingLimit)),
        solvent_panel=next((c for c in parsed["solvent_panel"] if isinstance(c, Citation)), None),
    )


def _one(items: list[object], kind: type[T]) -> T:
    item = items[0]
    if not isinstance(item, kind):
        raise ReferenceDataError(f"coa_limits: malformed {kind.__name__} row.")
    return item
