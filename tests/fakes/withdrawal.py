"""In-memory fakes of the withdrawal ports: check-ins, withdrawal profiles and the cravings and
sleep answers given with a check-in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.domain.withdrawal.profile import WithdrawalProfile
from speciosa.services.ports.withdrawal_repositories import (
    CheckInRepository,
    WithdrawalProfileRepository,
)
from tests.fakes.store import Store


def newest_first_after(
    records: Sequence[CheckIn], limit: int, after: tuple[datetime, str] | None
) -> list[CheckIn]:
    """A page of the history: newest first by (taken_at, id), past the `after` cursor."""
    ordered = sorted(records, key=lambda c: (c.taken_at, c.id), reverse=True)
    if after is not None:
        ordered = [c for c in ordered if (c.taken_at, c.id) < after]
    return ordered[:limit]


def current_between(
    records: Sequence[CheckIn], person_id: str, start: datetime, end: datetime
) -> list[CheckIn]:
    """Current check-ins of a person with start <= taken_at < end, oldest first."""
    return sorted(
        (
            c
            for c in records
            if c.person_id == person_id
            and start <= c.taken_at < end
            and c.status is RecordStatus.CURRENT
        ),
        key=lambda c: (c.taken_at, c.id),
    )


class FakeCheckIns:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, checkin: CheckIn) -> bool:
        if checkin.id in self.s.checkins:
            return False
        self.s.checkins[checkin.id] = checkin
        return True

    def get(self, checkin_id: str) -> CheckIn | None:
        return self.s.checkins.get(checkin_id)

    def mark(
        self, checkin_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        found = self.s.checkins.get(checkin_id)
        if found is None or found.status is not RecordStatus.CURRENT:
            return False
        self.s.checkins[checkin_id] = replace(
            found, status=status, superseded_by=superseded_by, status_reason=reason
        )
        return True

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[CheckIn]:
        mine = [c for c in self.s.checkins.values() if c.person_id == person_id]
        return newest_first_after(mine, limit, after)

    def scored_between(
        self, person_id: str, start: datetime, end: datetime, instrument: str | None = None
    ) -> list[ScoredCheckIn]:
        return [
            ScoredCheckIn(c.id, c.person_id, c.instrument, c.total, c.band, c.taken_at)
            for c in current_between(list(self.s.checkins.values()), person_id, start, end)
            if instrument is None or c.instrument == instrument
        ]

    def latest_taken_at(self, person_ids: Sequence[str]) -> dict[str, datetime]:
        latest: dict[str, datetime] = {}
        for c in self.s.checkins.values():
            if c.person_id in person_ids and c.status is RecordStatus.CURRENT:
                latest[c.person_id] = max(c.taken_at, latest.get(c.person_id, c.taken_at))
        return latest


class FakeWithdrawalProfiles:
    def __init__(self, store: Store) -> None:
        self.s = store

    def get(self, person_id: str) -> WithdrawalProfile | None:
        return self.s.withdrawal_profiles.get(person_id)

    def save(self, profile: WithdrawalProfile) -> None:
        self.s.withdrawal_profiles[profile.person_id] = profile


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_checkins: CheckInRepository = FakeCheckIns(Store())
_withdrawal_profiles: WithdrawalProfileRepository = FakeWithdrawalProfiles(Store())
