"""The security log: refused person-scoped requests, reset codes, password changes.

Written in a short transaction of its own (the refused request's transaction has ended by the
time its 404 is answered), read by admins only. It is a table of its own, so nothing in it ever
reaches a person's "who looked at my data" list.
"""

from __future__ import annotations

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import AccessDenied, AccessRefused
from speciosa.domain.foundation.security_log import SecurityEvent, SecurityEventKind
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

MAX_PAGE = 200


class SecurityLog:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def event(
        self,
        kind: SecurityEventKind,
        actor: Actor | None,
        target: str,
        detail: str = "",
    ) -> SecurityEvent:
        return SecurityEvent(
            at=self._clock.now(),
            kind=kind,
            actor_id=actor.user_id if actor else None,
            actor_role=actor.role.value if actor else "anonymous",
            address=actor.address if actor else "",
            target=target[:120],
            detail=detail,
        )

    def add(self, uow: UnitOfWork, event: SecurityEvent) -> None:
        """Inside the caller's transaction (commits with the change it describes)."""
        uow.security_log.add(event)

    def record_refusal(self, refused: AccessRefused) -> None:
        kind = (
            SecurityEventKind.REFUSED_READ
            if refused.what == "read"
            else SecurityEventKind.REFUSED_WRITE
        )
        event = SecurityEvent(
            at=self._clock.now(),
            kind=kind,
            actor_id=refused.actor_id,
            actor_role=refused.actor_role,
            address=refused.address,
            target=refused.target,
            detail="answered 404",
        )
        with self._uow_factory() as uow:
            uow.security_log.add(event)
            uow.commit()

    def recent(
        self, actor: Actor, limit: int = 100, before_id: int | None = None
    ) -> list[SecurityEvent]:
        if not actor.is_admin:
            raise AccessDenied("Only an admin can read the security log.")
        with self._uow_factory(read_only=True) as uow:
            return uow.security_log.recent(min(limit, MAX_PAGE), before_id)
