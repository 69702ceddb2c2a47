"""GET /api/v1/security-events — the security log, for admins (issue 15)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep

router = APIRouter(tags=["accounts"])


class SecurityEventOut(BaseModel):
    id: int
    at: datetime
    kind: str
    actor_id: str | None
    actor_role: str
    address: str
    target: str
    detail: str


class SecurityEventPage(BaseModel):
    items: list[SecurityEventOut]
    next: int | None


@router.get("/security-events", response_model=SecurityEventPage)
def security_events(
    actor: ActorDep,
    services: ServicesDep,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SecurityEventPage:
    """Refused person-scoped requests (answered 404), reset codes, password changes, disabled
    accounts: newest first. Admins only (403 otherwise)."""
    events = services.security_log.recent(actor, limit, before)
    items = [
        SecurityEventOut(
            id=e.id or 0,
            at=e.at,
            kind=e.kind.value,
            actor_id=e.actor_id,
            actor_role=e.actor_role,
            address=e.address,
            target=e.target,
            detail=e.detail,
        )
        for e in events
    ]
    more = len(events) == limit and events[-1].id is not None
    return SecurityEventPage(items=items, next=events[-1].id if more else None)
