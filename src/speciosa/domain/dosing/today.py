""" "Today so far" against the approved plan: what was taken today, today's planned amount, how
much of it is left, and the time since the last dose. Words only describe the plan; nothing here
suggests taking more than it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal


@dataclass(frozen=True)
class TodaySoFar:
    taken: Decimal
    planned: Decimal | None
    last_dose_at: datetime | None
    since_last: timedelta | None

    @property
    def left(self) -> Decimal | None:
        """What remains of today's planned amount (never below zero)."""
        if self.planned is None:
            return None
        return max(self.planned - self.taken, Decimal(0))

    @property
    def over(self) -> Decimal | None:
        """How far today's total is above the plan, when it is."""
        if self.planned is None or self.taken <= self.planned:
            return None
        return self.taken - self.planned

    @property
    def share(self) -> float | None:
        """Taken as a share of planned (0–1, capped), for a progress bar."""
        if not self.planned:
            return None
        return float(min(self.taken / self.planned, Decimal(1)))


def today_so_far(
    taken: Decimal, planned: Decimal | None, last_dose_at: datetime | None, now: datetime
) -> TodaySoFar:
    since = now - last_dose_at if last_dose_at is not None and last_dose_at <= now else None
    return TodaySoFar(taken, planned, last_dose_at, since)


def describe_duration(elapsed: timedelta) -> str:
    """ "2 h 15 min", "45 min", "3 days 2 h" — for "since your last dose"."""
    minutes = int(elapsed.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"
