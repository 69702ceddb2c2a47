"""Who am I, which persons can I see, which clinicians exist, and who looked at my record."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep

router = APIRouter(tags=["accounts"])


class Me(BaseModel):
    id: str
    email: str
    role: str
    name: str


class PersonSummary(BaseModel):
    id: str
    name: str


class PersonList(BaseModel):
    items: list[PersonSummary]


class Clinician(BaseModel):
    id: str
    name: str


class ClinicianList(BaseModel):
    items: list[Clinician]


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor_role: str
    actor_name: str
    action: str
    resource: str
    resource_id: str | None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next: int | None


@router.get("/me", response_model=Me)
def me(actor: ActorDep, services: ServicesDep) -> Me:
    user = services.accounts.get(actor.user_id)
    return Me(id=user.id, email=user.email, role=user.role.value, name=user.name)


@router.get("/persons", response_model=PersonList)
def persons(actor: ActorDep, services: ServicesDep) -> PersonList:
    """The persons whose record the caller can see (a person: themself)."""
    users = services.guard.readable_persons(actor)
    return PersonList(items=[PersonSummary(id=u.id, name=u.name) for u in users])


@router.get("/clinicians", response_model=ClinicianList)
def clinicians(actor: ActorDep, services: ServicesDep) -> ClinicianList:
    return ClinicianList(
        items=[Clinician(id=u.id, name=u.name) for u in services.accounts.list_clinicians()]
    )


@router.get("/audit", response_model=AuditPage)
def who_looked(
    actor: ActorDep,
    services: ServicesDep,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """Every read and write of the caller's own record: who, what, when."""
    log = services.audit.own_access_log(actor, limit, before)
    events = log.events
    names = {e.actor_id: log.names.get(e.actor_id, "deleted account") for e in events if e.actor_id}
    items = [
        AuditEntry(
            id=e.id or 0,
            at=e.at,
            actor_role=e.actor_role,
            actor_name=names.get(e.actor_id or "", "system"),
            action=e.action.value,
            resource=e.resource,
            resource_id=e.resource_id,
        )
        for e in events
    ]
    more = len(events) == limit and events[-1].id is not None
    return AuditPage(items=items, next=events[-1].id if more else None)
