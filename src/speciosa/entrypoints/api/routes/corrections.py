"""Corrections of doses and check-ins (issue 12). The original is never changed or deleted:

PATCH /api/v1/doses/{id} {id?, amount?, unit?, purchase_id?, drug?, route?, taken_at?, note?,
reason?} -> 200 {"corrected": <the new current dose>, "original": <the original, now
status "corrected" with superseded_by>}; a retry with the same new id and body returns the same.
POST /api/v1/doses/{id}/entered-in-error {reason?} -> 200 the dose with status
"entered_in_error" (a retry returns it again).
PATCH /api/v1/checkins/{id} {id?, answers?, taken_at?, note?, reason?} and
POST /api/v1/checkins/{id}/entered-in-error {reason?}: the same for check-ins.
A record already corrected or in error -> 409 naming the newer version; someone else's -> 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from speciosa.entrypoints.api.checkin_output import CheckInOut, checkin_out
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.dose_output import DoseOut, dose_out
from speciosa.entrypoints.api.schemas import StrictModel, parse_taken_at
from speciosa.services.dosing.dose_corrections import DoseCorrection
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection

router = APIRouter(tags=["corrections"])
REASON = Field(default="", max_length=500, description="Why (kept with the record and audited)")
NEW_ID = Field(default=None, max_length=64, description="Client UUID for the corrected version")


class DosePatch(StrictModel):
    id: str | None = NEW_ID
    amount: float | str | None = None
    unit: str | None = Field(default=None, max_length=8)
    purchase_id: str | None = Field(default=None, max_length=64)
    drug: str | None = Field(default=None, max_length=80)
    route: str | None = Field(default=None, max_length=16)
    taken_at: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=500)
    reason: str = REASON


class CheckInPatch(StrictModel):
    id: str | None = NEW_ID
    answers: dict[str, Any] | None = None
    taken_at: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    reason: str = REASON


class ErrorMark(StrictModel):
    reason: str = REASON


class CorrectedDoseOut(BaseModel):
    corrected: DoseOut
    original: DoseOut


class CorrectedCheckInOut(BaseModel):
    corrected: CheckInOut
    original: CheckInOut


def _changes(body: DosePatch | CheckInPatch) -> dict[str, Any]:
    """The patch as its correction's fields (they share the names), with taken_at parsed."""
    return {**body.model_dump(), "taken_at": parse_taken_at(body.taken_at)}


@router.patch("/doses/{dose_id}", response_model=CorrectedDoseOut)
def correct_dose(
    dose_id: str, body: DosePatch, actor: ActorDep, services: ServicesDep
) -> CorrectedDoseOut:
    done = services.doses.correct(
        actor,
        dose_id[:64],
        DoseCorrection(**_changes(body)),
    )
    original = services.doses.get(actor, done.original.id)  # its status as stored now
    return CorrectedDoseOut(corrected=dose_out(done.record), original=dose_out(original))


@router.post("/doses/{dose_id}/entered-in-error", response_model=DoseOut)
def dose_entered_in_error(
    dose_id: str, actor: ActorDep, services: ServicesDep, body: ErrorMark | None = None
) -> DoseOut:
    done = services.doses.mark_entered_in_error(actor, dose_id[:64], body.reason if body else "")
    return dose_out(done.record)


@router.patch("/checkins/{checkin_id}", response_model=CorrectedCheckInOut)
def correct_checkin(
    checkin_id: str, body: CheckInPatch, actor: ActorDep, services: ServicesDep
) -> CorrectedCheckInOut:
    done = services.record_checkin.correct(
        actor,
        checkin_id[:64],
        CheckInCorrection(**_changes(body)),
    )
    original = services.checkins.get(actor, done.original.id)
    return CorrectedCheckInOut(
        corrected=checkin_out(services.checkins, done.record),
        original=checkin_out(services.checkins, original),
    )


@router.post("/checkins/{checkin_id}/entered-in-error", response_model=CheckInOut)
def checkin_entered_in_error(
    checkin_id: str, actor: ActorDep, services: ServicesDep, body: ErrorMark | None = None
) -> CheckInOut:
    done = services.checkins.mark_entered_in_error(
        actor, checkin_id[:64], body.reason if body else ""
    )
    return checkin_out(services.checkins, done.record)
