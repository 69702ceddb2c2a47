"""A person's own time: their time zone (from their profile) and the UTC bounds of their local
days. Every feature that groups records by day asks here, so a day means the same everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from speciosa.services.ports.unit_of_work import UnitOfWork


def person_timezone(uow: UnitOfWork, person_id: str) -> tzinfo:
    person = uow.persons.get(person_id)
    try:
        return ZoneInfo(person.timezone) if person else UTC
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def day_bounds(start: date, end: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the person's zone, as UTC instants."""
    first = datetime.combine(start, time(0), tzinfo=tz).astimezone(UTC)
    last = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return first, last
