"""A dose as the API answers it (the dose routes, and the corrections of one)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.taper import amount_number


class DoseOut(BaseModel):
    id: str
    person_id: str
    kind: str
    taken_at: datetime
    amount: float
    unit: str
    grams: float | None
    purchase_id: str | None
    product: str
    mitragynine_mg: float | None
    hydroxymitragynine_mg: float | None
    drug: str | None
    route: str | None
    mme: float | None
    mme_note: str
    note: str
    recorded_at: datetime
    recorded_by: str
    status: str = "current"  # current | corrected | entered_in_error (issue 12)
    supersedes: str | None = None
    superseded_by: str | None = None
    status_reason: str = ""


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(amount_number(value))


def dose_out(dose: Dose) -> DoseOut:
    return DoseOut(
        id=dose.id,
        person_id=dose.person_id,
        kind=dose.kind.value,
        taken_at=dose.taken_at,
        amount=float(amount_number(dose.amount)),
        unit=dose.unit,
        grams=_number(dose.grams),
        purchase_id=dose.purchase_id,
        product=dose.product_label,
        mitragynine_mg=_number(dose.mitragynine_mg),
        hydroxymitragynine_mg=_number(dose.hydroxymitragynine_mg),
        drug=dose.drug or None,
        route=dose.route.value if dose.route else None,
        mme=_number(dose.mme),
        mme_note=dose.mme_note,
        note=dose.note,
        recorded_at=dose.recorded_at,
        recorded_by=dose.recorded_by,
        status=dose.status.value,
        supersedes=dose.supersedes,
        superseded_by=dose.superseded_by,
        status_reason=dose.status_reason,
    )
