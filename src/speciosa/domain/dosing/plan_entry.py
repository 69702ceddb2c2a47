"""Safe plan entry: a drafted start amount is compared with what the person has logged, so a
typo (60 for 6.0) cannot become an instruction to take more.

The comparison basis is the HIGHEST daily total logged in the last `window_days` local days
(today included), not the mean. The guard exists to stop a plan telling a person to take more
than they already take; the highest recent day is an amount they have recently taken, while
the mean is pulled down by days they forgot to log, which would flag honest plans, and a guard
that fires on honest plans teaches clicking through. With nothing logged in the window any
start is "above": the clinician must say where the amount comes from.

The rule's numbers live in `reference/taper_guidance.yaml` (kind `start_check`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError

MAX_START_REASON = 1000
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class StartCheckRule:
    max_above_pct: Decimal  # how far above the logged intake a start may be without a reason
    window_days: int  # how many local days of logs are compared (today included)
    rationale: str
    source: str


@dataclass(frozen=True)
class LoggedIntake:
    """What the person logged of the plan's substance per local day in the window."""

    first_day: date
    last_day: date
    days_logged: int
    max_daily: Decimal | None  # None when nothing was logged in the window
    mean_daily: Decimal | None  # over the days with a log (shown, not compared)


@dataclass(frozen=True)
class StartCheck:
    """Whether the start amount needs a recorded reason, and why, in words."""

    start_amount: Decimal
    unit: str
    intake: LoggedIntake
    limit: Decimal | None  # the highest start allowed without a reason
    needs_reason: bool
    explanation: str


def parse_start_check_rule(row: Mapping[str, object], where: str) -> StartCheckRule:
    pct, days = row.get("max_above_pct"), row.get("window_days")
    if isinstance(pct, bool) or not isinstance(pct, int | float) or not 0 <= pct <= 100:
        raise ReferenceDataError(f"{where}: max_above_pct must be a number from 0 to 100.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise ReferenceDataError(f"{where}: window_days must be a whole number from 1 to 60.")
    source = row.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ReferenceDataError(f"{where}: a start_check row names its source.")
    return StartCheckRule(
        Decimal(str(pct)), days, " ".join(str(row.get("rationale", "")).split()), source
    )


def summarise_intake(totals: Mapping[date, Decimal], today: date, window_days: int) -> LoggedIntake:
    """The window's daily totals (from `logged_per_day`) summarised; days outside are ignored."""
    first = today - timedelta(days=window_days - 1)
    days = [amount for day, amount in totals.items() if first <= day <= today and amount > 0]
    if not days:
        return LoggedIntake(first, today, 0, None, None)
    mean = (sum(days, Decimal(0)) / len(days)).quantize(Decimal("0.01"))
    return LoggedIntake(first, today, len(days), max(days), mean)


def check_start(
    start_amount: Decimal, unit: str, intake: LoggedIntake, rule: StartCheckRule
) -> StartCheck:
    window = f"{intake.first_day:%d %b} to {intake.last_day:%d %b}"
    if intake.max_daily is None:
        return StartCheck(
            start_amount,
            unit,
            intake,
            None,
            True,
            f"Nothing was logged from {window}: say where the start amount of "
            f"{start_amount:f} {unit}/day comes from before approving.",
        )
    limit = intake.max_daily * (1 + rule.max_above_pct / HUNDRED)
    above = start_amount > limit
    logged = f"the most logged in one day from {window} was {intake.max_daily:f} {unit}"
    if above:
        explanation = (
            f"The plan starts at {start_amount:f} {unit}/day, but {logged}: more than "
            f"{rule.max_above_pct:f} % above it. Check the amount (a typo such as 60 for 6.0?), "
            "or record why the plan starts higher."
        )
    else:
        explanation = f"The plan starts at {start_amount:f} {unit}/day; {logged}."
    return StartCheck(start_amount, unit, intake, limit, above, explanation)


def check_start_reason(value: object) -> str:
    reason = str(value or "").strip()
    if len(reason) > MAX_START_REASON:
        raise InvalidInput(
            f"The reason must be at most {MAX_START_REASON} characters.", field="start_reason"
        )
    return reason


def require_reason(check: StartCheck, reason: str) -> None:
    """Refuse approval of a start above the logged intake that has no recorded reason."""
    if check.needs_reason and not reason:
        raise InvalidInput(check.explanation, field="start_reason")
