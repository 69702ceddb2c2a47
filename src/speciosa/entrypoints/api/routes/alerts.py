"""Alerts of one person; a clinician acknowledges them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from speciosa.domain.foundation.alerts import Alert
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel

router = APIRouter(tags=["alerts"])


class AlertOut(BaseModel):
    id: str
    person_id: str
    kind: str
    label: str
    title: str
    explanation: str
    facts: dict[str, Any]
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledgement_note: str


class AlertList(BaseModel):
    items: list[AlertOut]


class AcknowledgeIn(StrictModel):
    note: str = Field(default="", max_length=2000)


def to_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.id,
        person_id=alert.person_id,
        kind=alert.kind.value,
        label=alert.label,
        title=alert.title,
        explanation=alert.explanation,
        facts=dict(alert.facts),
        raised_at=alert.raised_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledgement_note=alert.acknowledgement_note,
    )


@router.get("/alerts", response_model=AlertList)
def list_alerts(
    actor: ActorDep,
    services: ServicesDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
    open_only: bool = False,
) -> AlertList:
    subject = services.guard.subject_of(actor, person_id)
    return AlertList(
        items=[to_out(a) for a in services.alerts.for_person(actor, subject, open_only)]
    )


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertOut)
def acknowledge(
    alert_id: str, body: AcknowledgeIn, actor: ActorDep, services: ServicesDep
) -> AlertOut:
    return to_out(services.alerts.acknowledge(actor, alert_id, body.note))
