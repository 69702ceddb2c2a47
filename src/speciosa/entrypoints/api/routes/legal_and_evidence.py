"""Legal status by jurisdiction (the person's own, or any code) and the evidence registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from speciosa.domain.precautions.legal import LegalFinding
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import PersonQuery, StrictModel

router = APIRouter(tags=["precautions"])


class FederalOut(BaseModel):
    """The federal row shown beside a US state's (federal scheduling applies in every state)."""

    jurisdiction: str
    name: str
    status: str
    seven_oh_rules: str
    notes: str
    source: str
    as_of: date
    effective_from: date | None
    verified: bool
    verification_note: str
    may_be_out_of_date: bool


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
    seven_oh_rules: str
    verification_note: str
    federal: FederalOut | None


class JurisdictionIn(StrictModel):
    jurisdiction: str | None = Field(max_length=6)
    person_id: str | None = Field(default=None, max_length=64)


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
        seven_oh_rules=entry.seven_oh_rules,
        verification_note=entry.note,
        federal=federal_out(finding.federal) if finding.federal else None,
    )


def federal_out(finding: LegalFinding) -> FederalOut:
    entry = finding.entry
    return FederalOut(
        jurisdiction=entry.jurisdiction,
        name=entry.name,
        status=entry.status.value,
        seven_oh_rules=entry.seven_oh_rules,
        notes=entry.notes,
        source=entry.source,
        as_of=entry.as_of,
        effective_from=entry.effective_from,
        verified=entry.verified,
        verification_note=entry.note,
        may_be_out_of_date=finding.stale,
    )


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
