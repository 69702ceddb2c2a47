"""Check-ins and withdrawal profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.withdrawal import CheckInRow, WithdrawalProfileRow
from speciosa.adapters.db.savepoints import insert_unless_exists
from speciosa.domain.foundation.corrections import RecordStatus, parse_status
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.domain.withdrawal.course import OpioidClass
from speciosa.domain.withdrawal.profile import WithdrawalProfile


def _checkin(row: CheckInRow | Row[Any]) -> CheckIn:
    return CheckIn(
        id=row.id,
        person_id=row.person_id,
        instrument=row.instrument,
        answers={str(k): int(v) for k, v in (row.answers or {}).items()},
        measurements={str(k): int(v) for k, v in (row.measurements or {}).items()},
        total=row.total,
        band=row.band,
        taken_at=row.taken_at,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        note=row.note,
        fingerprint=row.fingerprint,
        status=parse_status(row.status),
        supersedes=row.supersedes,
        superseded_by=row.superseded_by,
        status_reason=row.status_reason or "",
        backdate_reason=row.backdate_reason or "",
    )


# Charts, alerts, holds and reports read current check-ins only; the history reads all.
CURRENT_CHECKIN = CheckInRow.status == RecordStatus.CURRENT.value

# The check-in write reads these on every request. Built once, as Core statements with bound
# parameters: building a select and its cache key costs ~0.1 ms per call, the ORM's
# `Session.get` about as much again (measured in-process, SQLite); the rows are the same.
_CHECKINS: Table = CheckInRow.__table__  # type: ignore[assignment]
_PROFILES: Table = WithdrawalProfileRow.__table__  # type: ignore[assignment]
_CHECKIN_BY_ID = select(_CHECKINS).where(_CHECKINS.c.id == bindparam("checkin_id"))
_SCORED = (
    select(
        _CHECKINS.c.id,
        _CHECKINS.c.person_id,
        _CHECKINS.c.instrument,
        _CHECKINS.c.total,
        _CHECKINS.c.band,
        _CHECKINS.c.taken_at,
    )
    .where(
        _CHECKINS.c.person_id == bindparam("person_id"),
        _CHECKINS.c.taken_at >= bindparam("start"),
        _CHECKINS.c.taken_at < bindparam("end"),
        _CHECKINS.c.status == RecordStatus.CURRENT.value,
    )
    .order_by(_CHECKINS.c.taken_at, _CHECKINS.c.id)
)
_SCORED_OF_INSTRUMENT = _SCORED.where(_CHECKINS.c.instrument == bindparam("instrument"))
_PROFILE_BY_PERSON = select(_PROFILES).where(_PROFILES.c.person_id == bindparam("person_id"))


class SqlCheckInRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, checkin: CheckIn) -> bool:
        return insert_unless_exists(
            self._s,
            CheckInRow.__table__,  # type: ignore[arg-type]
            {
                "id": checkin.id,
                "person_id": checkin.person_id,
                "instrument": checkin.instrument,
                "answers": dict(checkin.answers),
                "measurements": dict(checkin.measurements),
                "total": checkin.total,
                "band": checkin.band,
                "taken_at": checkin.taken_at,
                "recorded_at": checkin.recorded_at,
                "recorded_by": checkin.recorded_by,
                "note": checkin.note,
                "fingerprint": checkin.fingerprint,
                "status": checkin.status.value,
                "supersedes": checkin.supersedes,
                "superseded_by": checkin.superseded_by,
                "status_reason": checkin.status_reason,
                "backdate_reason": checkin.backdate_reason,
            },
        )

    def mark(
        self, checkin_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current check-in; False when it is no longer current."""
        result = self._s.execute(
            update(CheckInRow)
            .where(CheckInRow.id == checkin_id, CURRENT_CHECKIN)
            .values(status=status.value, superseded_by=superseded_by, status_reason=reason)
        )
        return bool(getattr(result, "rowcount", 0))

    def get(self, checkin_id: str) -> CheckIn | None:
        row = self._s.execute(_CHECKIN_BY_ID, {"checkin_id": checkin_id}).first()
        return _checkin(row) if row else None

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[CheckIn]:
        query = select(CheckInRow).where(CheckInRow.person_id == person_id)
        if after is not None:
            taken_at, checkin_id = after
            query = query.where(
                or_(
                    CheckInRow.taken_at < taken_at,
                    and_(CheckInRow.taken_at == taken_at, CheckInRow.id < checkin_id),
                )
            )
        query = query.order_by(CheckInRow.taken_at.desc(), CheckInRow.id.desc()).limit(limit)
        return [_checkin(r) for r in self._s.scalars(query)]

    def scored_between(
        self, person_id: str, start: datetime, end: datetime, instrument: str | None = None
    ) -> list[ScoredCheckIn]:
        values: dict[str, object] = {"person_id": person_id, "start": start, "end": end}
        query = _SCORED
        if instrument is not None:
            query = _SCORED_OF_INSTRUMENT
            values["instrument"] = instrument
        # The columns are selected in ScoredCheckIn's field order.
        return [ScoredCheckIn(*r) for r in self._s.execute(query, values)]

    def latest_taken_at(self, person_ids: Sequence[str]) -> dict[str, datetime]:
        if not person_ids:
            return {}
        query = (
            select(CheckInRow.person_id, func.max(CheckInRow.taken_at))
            .where(CheckInRow.person_id.in_(list(person_ids)), CURRENT_CHECKIN)
            .group_by(CheckInRow.person_id)
        )
        # max() keeps the column's type (ReturnTypeFromArgs), so values come back UTC-aware.
        return {str(person_id): latest for person_id, latest in self._s.execute(query)}


class SqlWithdrawalProfileRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, person_id: str) -> WithdrawalProfile | None:
        row = self._s.execute(_PROFILE_BY_PERSON, {"person_id": person_id}).first()
        if row is None:
            return None
        return WithdrawalProfile(
            person_id=row.person_id,
            opioids=tuple(OpioidClass(o) for o in row.opioids),
            last_use_at=row.last_use_at,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )

    def save(self, profile: WithdrawalProfile) -> None:
        row = self._s.get(WithdrawalProfileRow, profile.person_id)
        if row is None:
            row = WithdrawalProfileRow(person_id=profile.person_id)
            self._s.add(row)
        row.opioids = [o.value for o in profile.opioids]
        row.last_use_at = profile.last_use_at
        row.updated_at = profile.updated_at
        row.updated_by = profile.updated_by
        self._s.flush()
