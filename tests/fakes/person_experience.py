"""In-memory fakes of the person's extras: cravings-and-sleep answers and reminder feeds."""

from __future__ import annotations

from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.domain.withdrawal.wellbeing import Wellbeing
from speciosa.services.ports.person_experience import (
    CalendarFeedRepository,
    WellbeingRepository,
)
from tests.fakes.store import Store


class FakeWellbeing:
    """One row per check-in (the check-in id is the key)."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, wellbeing: Wellbeing) -> bool:
        if wellbeing.checkin_id in self.s.wellbeing:
            return False
        self.s.wellbeing[wellbeing.checkin_id] = wellbeing
        return True

    def for_person(self, person_id: str, limit: int) -> list[Wellbeing]:
        mine = [w for w in self.s.wellbeing.values() if w.person_id == person_id]
        return sorted(mine, key=lambda w: w.recorded_at, reverse=True)[:limit]


class FakeCalendarFeeds:
    """One feed per person, found again by its token's hash."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def for_person(self, person_id: str) -> CalendarFeed | None:
        return self.s.calendar_feeds.get(person_id)

    def by_token_hash(self, token_hash: str) -> CalendarFeed | None:
        feeds = self.s.calendar_feeds.values()
        return next((f for f in feeds if f.token_hash == token_hash), None)

    def save(self, feed: CalendarFeed) -> None:
        self.s.calendar_feeds[feed.person_id] = feed

    def delete(self, person_id: str) -> bool:
        return self.s.calendar_feeds.pop(person_id, None) is not None


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_wellbeing: WellbeingRepository = FakeWellbeing(Store())
_calendar_feeds: CalendarFeedRepository = FakeCalendarFeeds(Store())
