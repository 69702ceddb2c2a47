"""Repository ports of the withdrawal feature: check-ins and withdrawal profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.domain.withdrawal.profile import WithdrawalProfile


class CheckInRepository(Protocol):
    """Withdrawal check-ins; the client-generated id is the primary key."""

    def add(self, checkin: CheckIn) -> bool:
        """Store it; False (nothing stored) when a check-in with this id exists already."""
        ...

    def get(self, checkin_id: str) -> CheckIn | None: ...

    def mark(
        self, checkin_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current check-in (corrected / entered in error); False if not current."""
        ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[CheckIn]:
        """Newest first by (taken_at, id), every status (the history);
        `after` is the last (taken_at, id) already seen."""
        ...

    def scored_between(
        self, person_id: str, start: datetime, end: datetime, instrument: str | None = None
    ) -> list[ScoredCheckIn]:
        """Current scored check-ins with start <= taken_at < end, oldest first."""
        ...

    def latest_taken_at(self, person_ids: Sequence[str]) -> dict[str, datetime]:
        """Each person's most recent check-in time (persons without one are absent)."""
        ...


class WithdrawalProfileRepository(Protocol):
    def get(self, person_id: str) -> WithdrawalProfile | None: ...

    def save(self, profile: WithdrawalProfile) -> None: ...
