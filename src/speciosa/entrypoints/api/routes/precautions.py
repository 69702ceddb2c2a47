"""Precautions: the medication list and conditions (interactions re-checked on every change),
red-flag reports, legal status and the evidence registry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from speciosa.domain.precautions.interactions import InteractionCheck
from speciosa.domain.precautions.legal import LegalFinding
from speciosa.domain.precautions.records import Medication, RedFlagReport
from speciosa.domain.precautions.red_flags import Triage
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel

router = APIRouter(tags=["precautions"])
PersonQuery = Annotated[str | None, Query(max_length=64)]
# The liver-injury facts (from LiverTox, with citations) on the public evidence page.
LIVER_FACTS = "/evidence#liver-injury"


class InteractionOut(BaseModel):
    substance: str
    with_: str = Field(serialization_alias="with")
    severity: str
    mechanism: str
    advice: str
    source: str
    why: str


class InteractionsOut(BaseModel):
    interactions: list[InteractionOut]
    unrecognised: list[str]
    checked: list[str]


class CheckIn(StrictModel):
    names: list[Annotated[str, Field(max_length=100)]] = Field(min_length=1, max_length=50)


class MedicationOut(BaseModel):
    id: str
    name: str
    added_at: datetime
    recognised_as: str | None


class MedicationsOut(BaseModel):
    items: list[MedicationOut]
    check: InteractionsOut


class MedicationIn(StrictModel):
    name: str = Field(min_length=1, max_length=100)
    person_id: str | None = Field(default=None, max_length=64)
    id: str | None = Field(default=None, max_length=64, description="Client-generated UUID")


class MedicationAdded(BaseModel):
    medication: MedicationOut
    check: InteractionsOut
    alerts_raised: int


class ConditionsIn(StrictModel):
    conditions: list[Annotated[str, Field(max_length=40)]] = Field(max_length=20)
    person_id: str | None = Field(default=None, max_length=64)


class ConditionsOut(BaseModel):
    conditions: list[str]
    precautions: list[dict[str, Any]]


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
    liver_facts: str | None
    alert_raised: bool


class LegalOut(BaseModel):
    jurisdiction: str
    status: str
    minimum_age: int | None
    notes: str
    source: str
    as_of: date
    name: str
    may_be_out_of_date: bool
    verified: bool
    effective_from: date | None
    upcoming_status: str | None
    upcoming_from: date | None
    shown_for: str | None


class JurisdictionIn(StrictModel):
    jurisdiction: str | None = Field(max_length=6)
    person_id: str | None = Field(default=None, max_length=64)


def interactions_out(check: InteractionCheck) -> InteractionsOut:
    return InteractionsOut(
        interactions=[
            InteractionOut(
                substance=i.substance,
                with_=i.with_,
                severity=i.severity.value,
                mechanism=i.mechanism,
                advice=i.advice,
                source=i.source,
                why=i.why,
            )
            for i in check.interactions
        ],
        unrecognised=list(check.unrecognised),
        checked=[r.name for r in check.checked],
    )


def medication_out(medication: Medication, services: ServicesDep) -> MedicationOut:
    found = services.precautions.reference.substances.resolve(medication.name)
    return MedicationOut(
        id=medication.id,
        name=medication.name,
        added_at=medication.added_at,
        recognised_as=found.name if found else None,
    )


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
        liver_facts=LIVER_FACTS if result.liver else None,
        alert_raised=alert_raised,
    )


def legal_out(finding: LegalFinding) -> LegalOut:
    entry, upcoming = finding.entry, finding.upcoming
    return LegalOut(
        jurisdiction=entry.jurisdiction,
        status=entry.status.value,
        minimum_age=entry.minimum_age,
        notes=entry.notes,
        source=entry.source,
        as_of=entry.as_of,
        name=entry.name,
        may_be_out_of_date=finding.stale,
        verified=entry.verified,
        effective_from=entry.effective_from,
        upcoming_status=upcoming.status.value if upcoming else None,
        upcoming_from=upcoming.effective_from if upcoming else None,
        shown_for=finding.fallback_for,
    )


@router.post("/interactions/check", response_model=InteractionsOut, response_model_by_alias=True)
def check_names(body: CheckIn, services: ServicesDep) -> InteractionsOut:
    """Check names against kratom and each other; nobody's record is read or written."""
    return interactions_out(services.precautions.check(body.names))


@router.get("/interactions", response_model=InteractionsOut, response_model_by_alias=True)
def person_interactions(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> InteractionsOut:
    subject = services.guard.subject_of(actor, person_id)
    return interactions_out(services.precautions.overview(actor, subject).check)


@router.get("/medications", response_model=MedicationsOut, response_model_by_alias=True)
def list_medications(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> MedicationsOut:
    subject = services.guard.subject_of(actor, person_id)
    overview = services.precautions.overview(actor, subject)
    return MedicationsOut(
        items=[medication_out(m, services) for m in overview.medications],
        check=interactions_out(overview.check),
    )


@router.post(
    "/medications", response_model=MedicationAdded, status_code=201, response_model_by_alias=True
)
def add_medication(
    body: MedicationIn, actor: ActorDep, services: ServicesDep, response: Response
) -> MedicationAdded:
    change = services.precautions.add_medication(actor, body.person_id, body.name, body.id)
    if change.replayed:
        response.status_code = 200
    return MedicationAdded(
        medication=medication_out(change.medication, services),
        check=interactions_out(change.check),
        alerts_raised=len(change.alerts),
    )


@router.delete("/medications/{medication_id}", response_model=InteractionsOut)
def remove_medication(
    medication_id: str, actor: ActorDep, services: ServicesDep
) -> InteractionsOut:
    return interactions_out(services.precautions.remove_medication(actor, medication_id))


@router.get("/conditions", response_model=ConditionsOut)
def list_conditions(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> ConditionsOut:
    subject = services.guard.subject_of(actor, person_id)
    overview = services.precautions.overview(actor, subject)
    return ConditionsOut(
        conditions=list(overview.conditions),
        precautions=[
            {"code": p.code, "label": p.label, "precautions": list(p.precautions)}
            for p in overview.precautions
        ],
    )


@router.put("/conditions", response_model=ConditionsOut)
def set_conditions(body: ConditionsIn, actor: ActorDep, services: ServicesDep) -> ConditionsOut:
    subject = services.guard.subject_of(actor, body.person_id)
    services.precautions.set_conditions(actor, subject, body.conditions)
    return list_conditions(actor, services, subject)


@router.get("/red-flags/checklist")
def red_flag_checklist(services: ServicesDep) -> dict[str, Any]:
    return {
        "flags": [
            {
                "code": f.code,
                "label": f.label,
                "hint": f.hint,
                "urgency": f.urgency.value,
                "what_to_do_now": list(f.what_to_do_now),
                "source": f.source,
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


@router.get("/legal", response_model=LegalOut | None)
def person_legal(
    actor: ActorDep, services: ServicesDep, person_id: PersonQuery = None
) -> LegalOut | None:
    """The legal status for the person's profile jurisdiction (null when none is set)."""
    subject = services.guard.subject_of(actor, person_id)
    finding = services.precautions.overview(actor, subject).legal
    return legal_out(finding) if finding else None


@router.get("/legal/{code}", response_model=LegalOut)
def legal_status(code: str, services: ServicesDep, on: date | None = None) -> LegalOut:
    return legal_out(services.precautions.legal_status(code, on))


@router.put("/jurisdiction", response_model=LegalOut | None)
def set_jurisdiction(
    body: JurisdictionIn, actor: ActorDep, services: ServicesDep
) -> LegalOut | None:
    subject = services.guard.subject_of(actor, body.person_id)
    services.precautions.set_jurisdiction(actor, subject, body.jurisdiction)
    return person_legal(actor, services, subject)


@router.get("/evidence")
def evidence(services: ServicesDep) -> dict[str, Any]:
    return {
        "claims": [
            {
                "id": c.id,
                "topic": c.topic,
                "claim": c.claim,
                "grade": c.grade.value,
                "summary": c.summary,
                "citations": list(c.citations),
                "as_of": c.as_of.isoformat(),
                "features": list(c.features),
            }
            for c in services.precautions.evidence.claims
        ]
    }
