"""A person's own time: their time zone (from their profile) and the UTC bounds of their local
days. Every feature that groups records by day asks here, so a day means the same everywhere.

Services read the zone inside their own transaction (`person_timezone`); pages and commands ask
`PersonTimeService`, which checks access and leaves an audit row like any read of the record."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from speciosa.domain.foundation.accounts import Actor
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork

# The audit resource of a read of the person's profile ("who looked" says "your profile").
PROFILE = "profile"


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


class PersonTimeService:
    """The person's time zone for a page or command that shows or reads local times."""

    def __init__(self, clock: Clock, guard: AccessGuard) -> None:
        self._clock = clock
        self._guard = guard

    def timezone_of(self, actor: Actor, person_id: str) -> tzinfo:
        """The zone the person's days are counted in (access-checked and audited)."""
        return self._guard.read(
            actor, person_id, PROFILE, lambda uow: person_timezone(uow, person_id)
        )

    def today_of(self, actor: Actor, person_id: str) -> date:
        """Today's date where the person is."""
        return self._clock.now().astimezone(self.timezone_of(actor, person_id)).date()

    def place_local_time(self, actor: Actor, person_id: str, naive: datetime) -> datetime:
        """A wall-clock time without a zone (a datetime-local field) read in the person's zone;
        one that already has a zone is kept."""
        if naive.tzinfo is not None:
            return naive
        return naive.replace(tzinfo=self.timezone_of(actor, person_id))
