"""Taper plans as records: what a clinician drafted, who approved it, and its hold rule; and the
guidance the editor shows beside it (`reference/taper_guidance.yaml`).

A plan is a draft until a clinician approves it; only approved plans are shown to the person.
At most one approved, unended plan exists per person and substance. The steps themselves come
from `taper.plan_taper` and are never stored: the parameters are the record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from speciosa.domain.dosing.doses import KRATOM, MAX_DRUG_NAME
from speciosa.domain.dosing.mme import PATCH_UNIT, MmeTable, normalise_drug
from speciosa.domain.dosing.plan_entry import StartCheckRule, parse_start_check_rule
from speciosa.domain.dosing.taper import TaperParameters, check_parameters
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable

MAX_PLAN_NOTE = 1000
MAX_HOLD_DAYS = 90
MAX_RULE_WINDOW_DAYS = 14
HOLD_INSTRUMENTS = ("sows", "cows")


class PlanStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    ENDED = "ended"
    DISCARDED = "discarded"


@dataclass(frozen=True)
class HoldRule:
    """Hold the next reduction when `instrument`'s daily total rises by `min_rise` or more above
    its lowest in the `window_days` before; the hold lasts `hold_days`."""

    instrument: str
    min_rise: int
    window_days: int
    hold_days: int

    @property
    def described(self) -> str:
        return (
            f"{self.instrument.upper()} up {self.min_rise} or more within {self.window_days} "
            f"days holds the next reduction for {self.hold_days} days"
        )


@dataclass(frozen=True)
class TaperPlan:
    id: str
    person_id: str
    substance: str  # "kratom" or an opioid's canonical name
    unit: str  # "g" per day (kratom) or "mg" per day (opioid)
    start_amount: Decimal
    unit_step: Decimal
    reduction_pct: Decimal
    every_days: int
    start_date: date
    hold_rule: HoldRule
    note: str
    status: PlanStatus
    created_at: datetime
    created_by: str
    approved_at: datetime | None = None
    approved_by: str | None = None
    ended_at: datetime | None = None
    ended_by: str | None = None
    end_reason: str = ""
    # Why the start is above the person's logged intake (safe plan entry), when it is.
    start_reason: str = ""

    @property
    def parameters(self) -> TaperParameters:
        return check_parameters(
            self.start_amount,
            self.unit_step,
            self.reduction_pct,
            self.every_days,
            self.start_date,
        )

    @property
    def active(self) -> bool:
        return self.status is PlanStatus.APPROVED

    @property
    def visible_to_person(self) -> bool:
        """Drafts and discarded drafts are the clinician's working notes."""
        return self.status in (PlanStatus.APPROVED, PlanStatus.ENDED)

    @property
    def title(self) -> str:
        what = "Kratom" if self.substance == KRATOM else self.substance.capitalize()
        return f"{what} taper from {self.start_amount.normalize():f} {self.unit}/day"


@dataclass(frozen=True)
class TaperGuidance:
    id: str
    label: str
    summary: str
    reduction_pct: Decimal
    every_days: int
    source: str
    note: str


@dataclass(frozen=True)
class PlanDefault:
    substance: str  # "kratom" or "opioid"
    unit: str
    unit_step: Decimal
    reduction_pct: Decimal
    every_days: int
    rationale: str
    source: str


@dataclass(frozen=True)
class HoldRuleDefault:
    rule: HoldRule
    rationale: str
    source: str


@dataclass(frozen=True)
class TaperReference:
    guidance: tuple[TaperGuidance, ...]
    defaults: Mapping[str, PlanDefault]
    hold_rules: Mapping[str, HoldRuleDefault]
    start_check: StartCheckRule
    # Highest possible total of each hold instrument (SOWS 0-64, COWS 0-48), derived from the
    # instrument's own items so no clinical maximum is written in code.
    max_totals: Mapping[str, int] = field(default_factory=dict)

    def default_for(self, substance: str) -> PlanDefault:
        return self.defaults[KRATOM if substance == KRATOM else "opioid"]


def _int(row: Mapping[str, object], key: str, where: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReferenceDataError(f"{where}: {key} must be a whole number of at least 1.")
    return value


def _decimal(row: Mapping[str, object], key: str, where: str) -> Decimal:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReferenceDataError(f"{where}: {key} must be a number.")
    return Decimal(str(value))


def _text(row: Mapping[str, object], key: str) -> str:
    return " ".join(str(row.get(key, "")).split())


def parse_taper_reference(
    table: ReferenceTable, max_totals: Mapping[str, int] | None = None
) -> TaperReference:
    guidance: list[TaperGuidance] = []
    defaults: dict[str, PlanDefault] = {}
    holds: dict[str, HoldRuleDefault] = {}
    start_checks: list[StartCheckRule] = []
    for index, row in enumerate(table.rows, 1):
        where = f"{table.name} row {index}"
        kind = row.get("kind")
        if kind == "guidance":
            guidance.append(
                TaperGuidance(
                    id=str(row["id"]),
                    label=_text(row, "label"),
                    summary=_text(row, "summary"),
                    reduction_pct=_decimal(row, "reduction_pct", where),
                    every_days=_int(row, "every_days", where),
                    source=str(row["source"]),
                    note=_text(row, "note"),
                )
            )
        elif kind == "plan_default":
            substance = str(row.get("substance"))
            defaults[substance] = PlanDefault(
                substance=substance,
                unit=str(row.get("unit")),
                unit_step=_decimal(row, "unit_step", where),
                reduction_pct=_decimal(row, "reduction_pct", where),
                every_days=_int(row, "every_days", where),
                rationale=_text(row, "rationale"),
                source=str(row["source"]),
            )
        elif kind == "hold_rule":
            instrument = str(row.get("instrument"))
            if instrument not in HOLD_INSTRUMENTS:
                raise ReferenceDataError(f"{where}: hold rules apply to sows or cows.")
            holds[instrument] = HoldRuleDefault(
                HoldRule(
                    instrument,
                    _int(row, "min_rise", where),
                    _int(row, "window_days", where),
                    _int(row, "hold_days", where),
                ),
                _text(row, "rationale"),
                str(row["source"]),
            )
        elif kind == "start_check":
            start_checks.append(parse_start_check_rule(row, where))
        else:
            raise ReferenceDataError(f"{where}: unknown kind {kind!r}.")
    if set(defaults) != {KRATOM, "opioid"}:
        raise ReferenceDataError(f"{table.name}: needs plan_default rows for kratom and opioid.")
    if set(holds) != set(HOLD_INSTRUMENTS):
        raise ReferenceDataError(f"{table.name}: needs a hold_rule row for sows and for cows.")
    totals = dict(max_totals or {})
    if max_totals is not None and not set(HOLD_INSTRUMENTS) <= set(totals):
        raise ReferenceDataError(f"{table.name}: the hold instruments' maximum totals are needed.")
    if len(start_checks) != 1:
        raise ReferenceDataError(f"{table.name}: needs exactly one start_check row.")
    return TaperReference(tuple(guidance), defaults, holds, start_checks[0], totals)


def parse_substance(value: object, table: MmeTable) -> tuple[str, str]:
    """(substance, unit): kratom in grams, or an opioid the MME table knows, in mg."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("Say what is tapered: kratom, or an opioid's name.", field="substance")
    name = normalise_drug(value)
    if name == KRATOM:
        return KRATOM, "g"
    if len(name) > MAX_DRUG_NAME:
        raise InvalidInput("That substance name is too long.", field="substance")
    factor = table.find(name)
    if factor is None:
        known = ", ".join(
            sorted({f.drug for f in table.by_name.values()} - {"fentanyl_transdermal"})
        )
        raise InvalidInput(
            f"Speciosa tapers kratom or one of these opioids: {known}.", field="substance"
        )
    if factor.dose_unit == PATCH_UNIT:
        raise InvalidInput(
            "Patch strengths are prescribed, not tapered in daily milligrams here.",
            field="substance",
        )
    return factor.drug, "mg"


def check_hold_rule(
    instrument: object,
    min_rise: object,
    window_days: object,
    hold_days: object,
    max_totals: Mapping[str, int],
) -> HoldRule:
    """`max_totals`: each instrument's highest total (TaperReference.max_totals)."""
    name = str(instrument or "").strip().lower()
    if name not in HOLD_INSTRUMENTS or name not in max_totals:
        raise InvalidInput("The hold rule follows SOWS or COWS.", field="hold_instrument")
    numbers = []
    for field_name, value, top in (
        ("hold_min_rise", min_rise, max_totals[name]),
        ("hold_window_days", window_days, MAX_RULE_WINDOW_DAYS),
        ("hold_days", hold_days, MAX_HOLD_DAYS),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise InvalidInput(
                f"{field_name.replace('_', ' ')} must be a whole number from 1 to {top}.",
                field=field_name,
            )
        numbers.append(value)
    return HoldRule(name, numbers[0], numbers[1], numbers[2])


def check_plan_note(value: str | None) -> str:
    note = (value or "").strip()
    if len(note) > MAX_PLAN_NOTE:
        raise InvalidInput(f"The note must be at most {MAX_PLAN_NOTE} characters.", field="note")
    return note


def active_plan(plans: Sequence[TaperPlan], substance: str) -> TaperPlan | None:
    return next((p for p in plans if p.active and p.substance == substance), None)
