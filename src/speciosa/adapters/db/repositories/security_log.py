"""The security log (refused reads, resets): written in its own transaction, read by admins."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.security import SecurityEventRow
from speciosa.domain.foundation.security_log import SecurityEvent, SecurityEventKind

_INSERT = insert(SecurityEventRow)


class SqlSecurityLogRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, event: SecurityEvent) -> None:
        self._s.execute(
            _INSERT,
            {
                "at": event.at,
                "kind": event.kind.value,
                "actor_id": event.actor_id,
                "actor_role": event.actor_role[:16],
                "address": event.address[:64],
                "target": event.target[:120],
                "detail": event.detail,
            },
        )

    def recent(self, limit: int, before_id: int | None = None) -> list[SecurityEvent]:
        query = select(SecurityEventRow)
        if before_id is not None:
            query = query.where(SecurityEventRow.id < before_id)
        rows = self._s.scalars(query.order_by(SecurityEventRow.id.desc()).limit(limit))
        return [
            SecurityEvent(
                id=r.id,
                at=r.at,
                kind=SecurityEventKind(r.kind),
                actor_id=r.actor_id,
                actor_role=r.actor_role,
                address=r.address,
                target=r.target,
                detail=r.detail,
            )
            for r in rows
        ]

    def count(self) -> int:
        return int(self._s.scalar(select(func.count()).select_from(SecurityEventRow)) or 0)
