"""Ports of the person's own extras: cravings-and-sleep answers and reminder calendar feeds."""

from __future__ import annotations

from typing import Protocol

from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.domain.withdrawal.wellbeing import Wellbeing


class WellbeingRepository(Protocol):
    def add(self, wellbeing: Wellbeing) -> bool: ...
    def for_person(self, person_id: str, limit: int) -> list[Wellbeing]: ...


class CalendarFeedRepository(Protocol):
    def for_person(self, person_id: str) -> CalendarFeed | None: ...
    def by_token_hash(self, token_hash: str) -> CalendarFeed | None: ...
    def save(self, feed: CalendarFeed) -> None: ...
    def delete(self, person_id: str) -> bool: ...
