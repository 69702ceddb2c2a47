"""A person's grants of access to clinicians: list, grant, revoke; research consent."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel

router = APIRouter(tags=["consent"])


class ConsentOut(BaseModel):
    clinician_id: str
    clinician_name: str
    granted_at: datetime
    revoked_at: datetime | None
    active: bool


class ConsentList(BaseModel):
    items: list[ConsentOut]


class GrantIn(StrictModel):
    clinician_id: str


class ResearchConsentIn(StrictModel):
    consented: bool


class ResearchConsentOut(BaseModel):
    consented: bool
    consented_at: datetime | None


@router.get("/consents", response_model=ConsentList)
def list_consents(actor: ActorDep, services: ServicesDep) -> ConsentList:
    return ConsentList(
        items=[
            ConsentOut(
                clinician_id=g.clinician.id,
                clinician_name=g.clinician.name,
                granted_at=g.consent.granted_at,
                revoked_at=g.consent.revoked_at,
                active=g.consent.active,
            )
            for g in services.consent.grants(actor)
        ]
    )


@router.post("/consents", response_model=ConsentOut, status_code=201)
def grant(body: GrantIn, actor: ActorDep, services: ServicesDep) -> ConsentOut:
    consent = services.consent.grant(actor, body.clinician_id)
    clinician = services.accounts.get(body.clinician_id)
    return ConsentOut(
        clinician_id=clinician.id,
        clinician_name=clinician.name,
        granted_at=consent.granted_at,
        revoked_at=None,
        active=True,
    )


@router.delete("/consents/{clinician_id}", status_code=204)
def revoke(clinician_id: str, actor: ActorDep, services: ServicesDep) -> Response:
    services.consent.revoke(actor, clinician_id)
    return Response(status_code=204)


@router.put("/consents/research", response_model=ResearchConsentOut)
def research(body: ResearchConsentIn, actor: ActorDep, services: ServicesDep) -> ResearchConsentOut:
    profile = services.consent.set_research_consent(actor, body.consented)
    return ResearchConsentOut(
        consented=profile.research_consent, consented_at=profile.research_consent_at
    )
