"""A check-in (one scored instrument at one moment) and the read models built from check-ins:
scored points for charts and dose tapers, and one value per day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.foundation.taken_times import check_taken_time

MAX_NOTE_LENGTH = 2000
# A data-entry guard, not a clinical rule: a check-in backdated more than two years is a typo.
MAX_BACKDATE = timedelta(days=730)


def clean_note(note: str | None) -> str:
    """A check-in's note as stored (new or corrected): trimmed, and not over the length."""
    cleaned = (note or "").strip()
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note must be at most {MAX_NOTE_LENGTH} characters.", field="note")
    return cleaned


@dataclass(frozen=True)
class CheckIn:
    """What was recorded. `answers` holds only scored items (item id -> option score), so the
    total is always their sum; numbers given instead of a score (pulse_bpm) are `measurements`."""

    id: str
    person_id: str
    instrument: str
    answers: Mapping[str, int]
    measurements: Mapping[str, int]
    total: int
    band: str | None
    taken_at: datetime
    recorded_at: datetime
    recorded_by: str
    note: str
    fingerprint: str
    status: RecordStatus = RecordStatus.CURRENT
    supersedes: str | None = None  # the check-in this one corrects
    superseded_by: str | None = None  # the correction that replaced this one
    status_reason: str = ""
    backdate_reason: str = ""  # why a clinician recorded it at an earlier time

    @property
    def current(self) -> bool:
        return self.status is RecordStatus.CURRENT

    @property
    def scored(self) -> ScoredCheckIn:
        return ScoredCheckIn(
            self.id, self.person_id, self.instrument, self.total, self.band, self.taken_at
        )


@dataclass(frozen=True)
class ScoredCheckIn:
    """The read model other features use (dose tapers, reports): no answers, no note."""

    id: str
    person_id: str
    instrument: str
    total: int
    band: str | None
    taken_at: datetime


@dataclass(frozen=True)
class DailyTotal:
    """One instrument's value on one local calendar day: the highest total that day (a
    conservative summary — a bad evening is not averaged away), with how many check-ins."""

    day: date
    instrument: str
    total: int
    band: str | None
    count: int
    checkin_id: str


def local_day(at: datetime, tz: tzinfo) -> date:
    return at.astimezone(tz).date()


def summarise_days(checkins: Iterable[ScoredCheckIn], tz: tzinfo) -> list[DailyTotal]:
    """Daily totals per instrument, oldest first."""
    best: dict[tuple[str, date], DailyTotal] = {}
    for c in checkins:
        key = (c.instrument, local_day(c.taken_at, tz))
        found = best.get(key)
        count = (found.count if found else 0) + 1
        if found is None or c.total > found.total:
            best[key] = DailyTotal(key[1], c.instrument, c.total, c.band, count, c.id)
        else:
            best[key] = DailyTotal(
                found.day, found.instrument, found.total, found.band, count, found.checkin_id
            )
    return sorted(best.values(), key=lambda d: (d.day, d.instrument))


def check_taken_at(given: datetime | None, now: datetime) -> datetime:
    """When a check-in was taken: with a time zone, not in the future, not more than two years ago;
    None is now."""
    return check_taken_time(given, now, MAX_BACKDATE, "two years")
