"""The append-only audit log."""

from __future__ import annotations

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.foundation import AuditRow
from speciosa.domain.foundation.audit import AuditAction, AuditEvent

_AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]
_INSERT = insert(_AUDIT)


class SqlAuditRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, event: AuditEvent) -> None:
        # A Core insert on the session's connection (same transaction): every clinical read
        # and write adds one, so neither an ORM flush nor the ORM's bulk-insert path.
        self._s.connection().execute(
            _INSERT,
            {
                "at": event.at,
                "actor_id": event.actor_id,
                "actor_role": event.actor_role,
                "action": event.action.value,
                "resource": event.resource,
                "resource_id": event.resource_id,
                "person_id": event.person_id,
                "address": event.address[:64],
                "detail": event.detail,
            },
        )

    def for_person(
        self, person_id: str, limit: int, before_id: int | None = None
    ) -> list[AuditEvent]:
        query = select(AuditRow).where(AuditRow.person_id == person_id)
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        rows = self._s.scalars(query.order_by(AuditRow.id.desc()).limit(limit))
        return [
            AuditEvent(
                id=r.id,
                at=r.at,
                actor_id=r.actor_id,
                actor_role=r.actor_role,
                action=AuditAction(r.action),
                resource=r.resource,
                resource_id=r.resource_id,
                person_id=r.person_id,
                address=r.address,
                detail=r.detail,
            )
            for r in rows
        ]

    def count(self) -> int:
        return int(self._s.scalar(select(func.count()).select_from(AuditRow)) or 0)
