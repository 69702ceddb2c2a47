"""What a clinician sends to draft or edit a taper plan (form or API), and the checks that turn
it into a `TaperPlan` draft: every value arrives as text or a number and is checked here, not
trusted from the entrypoint. Blank hold settings take the sourced defaults.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from speciosa.domain.dosing.mme import MmeTable
from speciosa.domain.dosing.plan_entry import check_start_reason
from speciosa.domain.dosing.plans import (
    HOLD_INSTRUMENTS,
    PlanStatus,
    TaperPlan,
    TaperReference,
    check_hold_rule,
    check_plan_note,
    parse_substance,
    parse_taper_reference,
)
from speciosa.domain.dosing.taper import MAX_INTERVAL_DAYS, check_parameters, plan_taper
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.instruments.definitions import INSTRUMENT_TABLES, parse_instrument
from speciosa.services.foundation.reference import ReferenceCatalogue

MAX_START_AHEAD_DAYS = 365


def hold_instrument_maxima(reference: ReferenceCatalogue) -> dict[str, int]:
    """SOWS and COWS maximum totals, from the instruments' items (not written in code)."""
    return {
        name: parse_instrument(reference.table(INSTRUMENT_TABLES[name])).max_total
        for name in HOLD_INSTRUMENTS
    }


def load_taper_reference(reference: ReferenceCatalogue) -> TaperReference:
    """The sourced plan defaults and hold rules a draft is checked against."""
    return parse_taper_reference(
        reference.table("taper_guidance"), hold_instrument_maxima(reference)
    )


@dataclass(frozen=True)
class PlanDraft:
    """What the clinician sent (form or API); checked by the service."""

    substance: object
    start_amount: object
    unit_step: object
    reduction_pct: object
    every_days: object
    start_date: object
    hold_instrument: object = "sows"
    hold_min_rise: object = None
    hold_window_days: object = None
    hold_days: object = None
    note: str | None = None
    start_reason: str | None = None  # why the start is above the logged intake, if it is


def checked_plan(
    draft: PlanDraft,
    person_id: str,
    today: date,
    base: TaperPlan | None,
    *,
    reference: TaperReference,
    mme_table: MmeTable,
    now: datetime,
) -> TaperPlan:
    """The draft as a checked plan in DRAFT status; `base` is the draft being edited (its id
    and creation are kept), None for a new one."""
    substance, unit = parse_substance(draft.substance, mme_table)
    start_date = _parse_date(draft.start_date)
    if start_date < today:
        raise InvalidInput("The start date cannot be in the past.", field="start_date")
    if start_date > today + timedelta(days=MAX_START_AHEAD_DAYS):
        raise InvalidInput("Start within a year from today.", field="start_date")
    every = _whole(draft.every_days, "every_days", 1, MAX_INTERVAL_DAYS)
    params = check_parameters(
        _number(draft.start_amount, "start"),
        _number(draft.unit_step, "unit_step"),
        _number(draft.reduction_pct, "reduction_pct"),
        every,
        start_date,
    )
    plan_taper(params)  # refuses a plan with far too many steps, naming the field
    instrument = str(draft.hold_instrument or "sows").strip().lower()
    default = reference.hold_rules.get(instrument)
    rule = check_hold_rule(
        instrument,
        _optional_whole(draft.hold_min_rise, default.rule.min_rise if default else None),
        _optional_whole(draft.hold_window_days, default.rule.window_days if default else None),
        _optional_whole(draft.hold_days, default.rule.hold_days if default else None),
        reference.max_totals,
    )
    return TaperPlan(
        id=base.id if base else str(uuid.uuid4()),
        person_id=person_id,
        substance=substance,
        unit=unit,
        start_amount=params.start,
        unit_step=params.unit_step,
        reduction_pct=params.reduction_pct,
        every_days=params.every_days,
        start_date=start_date,
        hold_rule=rule,
        note=check_plan_note(draft.note),
        status=PlanStatus.DRAFT,
        created_at=base.created_at if base else now,
        created_by=base.created_by if base else "",
        start_reason=check_start_reason(draft.start_reason),
    )


def _parse_date(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"'{value}' is not a date (YYYY-MM-DD).", field="start_date") from None


def _number(value: object, field: str) -> str:
    text = str(value if value is not None else "").strip()
    if not text or isinstance(value, bool):
        raise InvalidInput(f"Give {field} as a number.", field=field)
    return text


def _whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}.", field=field)
    return value


def _optional_whole(value: object, default: int | None) -> object:
    """Blank means the sourced default; digits become a number for the rule's own check."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value
