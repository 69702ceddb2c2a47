"""What a client sends to log a dose (`NewDose`), and the checks that turn it into a `Dose`: a
kratom dose in g, units or ml (grams and alkaloid mg from the product the person bought), or an
opioid dose in mg with its MME. Values are checked here, not trusted from the entrypoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from speciosa.domain.dosing.doses import (
    KRATOM_UNITS,
    MAX_KRATOM_AMOUNT,
    MAX_KRATOM_GRAMS,
    MAX_OPIOID_MG,
    Dose,
    DoseKind,
    check_amount,
    opioid_mme,
    parse_route,
)
from speciosa.domain.dosing.mme import MmeTable
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import fingerprint
from speciosa.domain.sources.alkaloids import AlkaloidContent, alkaloid_mg
from speciosa.domain.sources.findings import VerdictKind
from speciosa.domain.sources.products import grams_for
from speciosa.services.ports.unit_of_work import UnitOfWork
from speciosa.services.sources.batch_verdicts import decide_purchase
from speciosa.services.sources.certificates import BatchLabel, CertificateService

MG_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class NewDose:
    """What the client sent; values are checked here, not trusted from the entrypoint."""

    id: object
    kind: object = "kratom"
    amount: object = None
    unit: object = None  # kratom: g (default), unit or ml; opioid: mg
    purchase_id: str | None = None
    drug: object = None
    route: object = None
    taken_at: datetime | None = None
    person_id: str | None = None
    note: str | None = None

    def fingerprint(self) -> str:
        """Only what the client sent: a server default (taken_at = now) never breaks a replay."""
        return fingerprint(
            {
                "kind": self.kind,
                "amount": str(self.amount),
                "unit": self.unit,
                "purchase_id": self.purchase_id,
                "drug": self.drug,
                "route": self.route,
                "taken_at": self.taken_at.isoformat() if self.taken_at else None,
                "person_id": self.person_id,
                "note": self.note,
            }
        )


@dataclass(frozen=True)
class DoseEntry:
    """Who logs what for whom, when: the parts of a dose the service has already checked."""

    actor: Actor
    subject: str
    new: NewDose
    dose_id: str
    taken_at: datetime
    note: str
    now: datetime


def kratom_dose(uow: UnitOfWork, certificates: CertificateService, entry: DoseEntry) -> Dose:
    new, subject = entry.new, entry.subject
    amount = check_amount(new.amount, "amount", MAX_KRATOM_AMOUNT)
    unit = str(new.unit or "g").strip().lower()
    if unit not in KRATOM_UNITS:
        raise InvalidInput("A kratom dose is in g, unit (capsules or tablets) or ml.", field="unit")
    label, mitragynine, hydroxy = "", None, None
    if new.purchase_id:
        purchase = uow.purchases.get(str(new.purchase_id))
        batch = certificates.batch_label(uow, purchase.batch_id) if purchase else None
        if purchase is None or batch is None or purchase.person_id != subject:
            raise NotFound("That product is not on this person's list.", field="purchase_id")
        grams = grams_for(batch.product, amount, unit)
        label = f"{batch.product.name} — {batch.vendor.name}"
        content = passing_content(
            uow, certificates, batch, purchase.max_daily_grams, purchase.person_id
        )
        if content is not None:
            if content.mitragynine_pct is not None:
                mitragynine = alkaloid_mg(grams, content.mitragynine_pct).quantize(MG_PLACES)
            if content.hydroxymitragynine_pct is not None:
                hydroxy = alkaloid_mg(grams, content.hydroxymitragynine_pct).quantize(
                    Decimal("0.01")
                )
    elif unit != "g":
        raise InvalidInput(
            "Choose the product to log capsules, tablets or millilitres (their grams come "
            "from its label).",
            field="purchase_id",
        )
    else:
        grams = amount
    if grams > MAX_KRATOM_GRAMS:
        raise InvalidInput(
            f"That comes to {grams} g in one dose; check the amount (at most "
            f"{MAX_KRATOM_GRAMS} g).",
            field="amount",
        )
    return Dose(
        id=entry.dose_id,
        person_id=subject,
        kind=DoseKind.KRATOM,
        taken_at=entry.taken_at,
        amount=amount,
        unit=unit,
        grams=grams,
        purchase_id=str(new.purchase_id) if new.purchase_id else None,
        product_label=label,
        mitragynine_mg=mitragynine,
        hydroxymitragynine_mg=hydroxy,
        drug="",
        route=None,
        mme=None,
        mme_note="",
        note=entry.note,
        recorded_at=entry.now,
        recorded_by=entry.actor.user_id,
        fingerprint=new.fingerprint(),
    )


def passing_content(
    uow: UnitOfWork,
    certificates: CertificateService,
    batch: BatchLabel,
    daily_grams: Decimal | None,
    person_id: str | None = None,
) -> AlkaloidContent | None:
    """Alkaloids from the newest certificate counted for the person that passes at their daily
    amount: the same rule as the person's product list (services/sources/purchase_views.py)."""
    category = batch.product.microbial_category
    decided = decide_purchase(
        uow, batch.batch.id, person_id, certificates.judge, daily_grams, category
    )
    for stored in decided.counted:
        verdict = certificates.judge(stored.certificate, daily_grams, category)
        if verdict.kind is VerdictKind.PASS:
            return certificates.alkaloids_of(stored.certificate)
    return None


def opioid_dose(mme_table: MmeTable, entry: DoseEntry) -> Dose:
    new = entry.new
    amount = check_amount(new.amount, "amount", MAX_OPIOID_MG)
    if str(new.unit or "mg").strip().lower() != "mg":
        raise InvalidInput("An opioid dose is logged in mg.", field="unit")
    route = parse_route(new.route)
    mme = opioid_mme(new.drug, amount, route, mme_table)
    return Dose(
        id=entry.dose_id,
        person_id=entry.subject,
        kind=DoseKind.OPIOID,
        taken_at=entry.taken_at,
        amount=amount,
        unit="mg",
        grams=None,
        purchase_id=None,
        product_label="",
        mitragynine_mg=None,
        hydroxymitragynine_mg=None,
        drug=mme.drug,
        route=route,
        mme=mme.mme,
        mme_note=mme.note,
        note=entry.note,
        recorded_at=entry.now,
        recorded_by=entry.actor.user_id,
        fingerprint=new.fingerprint(),
    )
