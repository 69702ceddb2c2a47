"""Cravings-and-sleep answers and reminder calendar feeds (rows in rows/person_experience.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.person_experience import CalendarFeedRow, CheckInWellbeingRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.domain.withdrawal.wellbeing import Wellbeing


def _wellbeing(row: CheckInWellbeingRow) -> Wellbeing:
    return Wellbeing(
        row.checkin_id, row.person_id, row.cravings, row.sleep_quality, row.recorded_at
    )


class SqlWellbeingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, wellbeing: Wellbeing) -> bool:
        """False when this check-in's answers are already stored (a re-sent form)."""
        row = CheckInWellbeingRow(
            checkin_id=wellbeing.checkin_id,
            person_id=wellbeing.person_id,
            cravings=wellbeing.cravings,
            sleep_quality=wellbeing.sleep_quality,
            recorded_at=wellbeing.recorded_at,
        )
        return add_unless_exists(self._s, row)

    def for_person(self, person_id: str, limit: int) -> list[Wellbeing]:
        rows = self._s.scalars(
            select(CheckInWellbeingRow)
            .where(CheckInWellbeingRow.person_id == person_id)
            .order_by(CheckInWellbeingRow.recorded_at.desc())
            .limit(limit)
        )
        return [_wellbeing(r) for r in rows]


def _feed(row: CalendarFeedRow) -> CalendarFeed:
    return CalendarFeed(row.person_id, row.token_hash, row.reminder_minutes, row.created_at)


class SqlCalendarFeedRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def for_person(self, person_id: str) -> CalendarFeed | None:
        row = self._s.get(CalendarFeedRow, person_id)
        return _feed(row) if row else None

    def by_token_hash(self, token_hash: str) -> CalendarFeed | None:
        row = self._s.scalars(
            select(CalendarFeedRow).where(CalendarFeedRow.token_hash == token_hash)
        ).one_or_none()
        return _feed(row) if row else None

    def save(self, feed: CalendarFeed) -> None:
        row = self._s.get(CalendarFeedRow, feed.person_id)
        if row is None:
            row = CalendarFeedRow(person_id=feed.person_id)
            self._s.add(row)
        row.token_hash = feed.token_hash
        row.reminder_minutes = feed.reminder_minutes
        row.created_at = feed.created_at
        self._s.flush()

    def delete(self, person_id: str) -> bool:
        row = self._s.get(CalendarFeedRow, person_id)
        if row is None:
            return False
        self._s.delete(row)
        self._s.flush()
        return True
