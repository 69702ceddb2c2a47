"""Red-flag reports: the checklist, reporting flags (triaged, maybe alerting) and the list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from speciosa.domain.precautions.records import RedFlagReport
from speciosa.domain.precautions.red_flags import Triage
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import PersonQuery, StrictModel

router = APIRouter(tags=["precautions"])
# The liver-injury facts (from LiverTox, with citations) on the public evidence page.
LIVER_FACTS = "/evidence#liver-injury"


class RedFlagIn(StrictModel):
    flags: list[Annotated[str, Field(max_length=40)]] = Field(min_length=1, max_length=20)
    person_id: str | None = Field(default=None, max_length=64)
    checkin_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=1000)
    id: str | None = Field(default=None, max_length=64, description="Client-generated UUID")


class RedFlagOut(BaseModel):
    id: str
    person_id: str
    flags: list[str]
    reported_at: datetime
    checkin_id: str | None
    note: str
    urgency: str
    headline: str
    what_to_do_now: list[str]
    emergency_number: str | None
    poison_control: str | None
    crisis_line: str | None = None  # set when a crisis flag (suicidal thoughts) was ticked
    liver_facts: str | None
    alert_raised: bool


def red_flag_out(report: RedFlagReport, result: Triage, alert_raised: bool) -> RedFlagOut:
    return RedFlagOut(
        id=report.id,
        person_id=report.person_id,
        flags=list(report.flags),
        reported_at=report.reported_at,
        checkin_id=report.checkin_id,
        note=report.note,
        urgency="emergency" if result.emergency else "urgent",
        headline=result.headline,
        what_to_do_now=list(result.steps),
        emergency_number=result.contact.emergency if result.contact else None,
        poison_control=result.contact.poison_control if result.contact else None,
        crisis_line=result.crisis_line if result.crisis else None,
        liver_facts=LIVER_FACTS if result.liver else None,
        alert_raised=alert_raised,
    )


@router.get("/red-flags/checklist")
def red_flag_checklist(services: ServicesDep) -> dict[str, Any]:
    return {
        "flags": [
            {
                "code": f.code,
                "label": f.label,
                "hint": f.hint,
                "urgency": f.urgency.value,
                "crisis": f.crisis,
                "what_to_do_now": list(f.what_to_do_now),
                "source": f.source,
                "as_of": f.as_of.isoformat(),
            }
            for f in services.red_flags.checklist.flags
        ]
    }


@router.post("/red-flags", response_model=RedFlagOut, status_code=201)
def report_red_flag(
    body: RedFlagIn, actor: ActorDep, services: ServicesDep, response: Response
) -> RedFlagOut:
    outcome = services.red_flags.report(
        actor,
        body.person_id,
        body.flags,
        checkin_id=body.checkin_id,
        note=body.note,
        client_id=body.id,
    )
    if outcome.replayed:
        response.status_code = 200
    return red_flag_out(outcome.report, outcome.triage, bool(outcome.alerts))


@router.get("/red-flags")
def list_red_flags(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> dict[str, Any]:
    subject = services.guard.subject_of(actor, person_id)
    reports = services.red_flags.reports_for(actor, subject)
    return {
        "items": [
            {
                "id": r.id,
                "flags": list(r.flags),
                "reported_at": r.reported_at.isoformat(),
                "checkin_id": r.checkin_id,
                "note": r.note,
            }
            for r in reports
        ]
    }
