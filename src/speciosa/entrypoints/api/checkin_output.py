"""A check-in as the API answers it (the check-in routes, and the corrections of one)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.services.withdrawal.checkins import CheckInService


class ItemOut(BaseModel):
    id: str
    value: int
    score: int
    text: str


class CheckInOut(BaseModel):
    id: str
    person_id: str
    instrument: str
    answers: dict[str, int]
    measurements: dict[str, int]
    items: list[ItemOut]
    total: int
    max_total: int
    band: str | None
    band_authority: str | None
    taken_at: datetime
    recorded_at: datetime
    recorded_by: str
    note: str
    status: str = "current"  # current | corrected | entered_in_error (issue 12)
    supersedes: str | None = None
    superseded_by: str | None = None
    status_reason: str = ""
    backdate_reason: str = ""


def checkin_out(service: CheckInService, checkin: CheckIn) -> CheckInOut:
    score = service.explain(checkin)
    return CheckInOut(
        id=checkin.id,
        person_id=checkin.person_id,
        instrument=checkin.instrument,
        answers=dict(checkin.answers),
        measurements=dict(checkin.measurements),
        items=[ItemOut(id=i.id, value=i.value, score=i.score, text=i.text) for i in score.items],
        total=checkin.total,
        max_total=score.max_total,
        band=checkin.band,
        band_authority=(score.band.authority or None) if score.band else None,
        taken_at=checkin.taken_at,
        recorded_at=checkin.recorded_at,
        recorded_by=checkin.recorded_by,
        note=checkin.note,
        status=checkin.status.value,
        supersedes=checkin.supersedes,
        superseded_by=checkin.superseded_by,
        status_reason=checkin.status_reason,
        backdate_reason=checkin.backdate_reason,
    )
