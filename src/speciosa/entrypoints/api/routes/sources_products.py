"""Vendors, batches, the person's purchases, the vendor scorecard and the recall list."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from speciosa.domain.sources.recalls import Recall, RecallMatch
from speciosa.entrypoints.api.certificate_output import BatchOut, FindingOut, finding_out
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import BatchLabel
from speciosa.services.sources.products import NewPurchase
from speciosa.services.sources.purchase_views import PersonProduct

router = APIRouter(tags=["products"])


class VendorOut(BaseModel):
    id: str
    name: str
    website: str


class VendorList(BaseModel):
    items: list[VendorOut]


class RecallOut(BaseModel):
    id: str
    kind: str
    agency: str
    announced_on: date
    firm: str
    brands: list[str]
    lots: list[str]
    scope: str
    reason: str
    source: str


class RecallMatchOut(BaseModel):
    level: str
    sentence: str
    recall: RecallOut


class ScoreOut(BaseModel):
    vendor: VendorOut
    batches: int
    passing: int
    failing: int
    incomplete: int
    without_coa: int
    share_passing: float | None
    newest_coa_age_days: int | None
    recalls: list[RecallMatchOut]


class Scorecard(BaseModel):
    items: list[ScoreOut]


class RecallList(BaseModel):
    items: list[RecallOut]


class BatchList(BaseModel):
    items: list[BatchOut]


class ProductIn(StrictModel):
    vendor: str = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=120)
    form: str = Field(max_length=16, description="powder, capsule, tablet, tea or extract")
    strain: str = Field(default="", max_length=120)
    colour: str | None = Field(default=None, max_length=16)
    grams_per_unit: float | None = Field(default=None, gt=0, le=5)
    grams_per_ml: float | None = Field(default=None, gt=0, le=10)
    website: str = Field(default="", max_length=200)


class BatchIn(ProductIn):
    lot: str = Field(min_length=1, max_length=64)


class PurchaseIn(StrictModel):
    id: str = Field(max_length=64, description="A UUID made by the client (idempotency key).")
    person_id: str | None = Field(default=None, max_length=64)
    batch_id: str | None = Field(default=None, max_length=64)
    product: ProductIn | None = None
    lot: str = Field(default="", max_length=64)
    bought_on: date | None = None
    max_daily_grams: float | None = Field(default=None, gt=0, le=500)
    current: bool = True


class PurchasePatch(StrictModel):
    current: bool | None = None
    max_daily_grams: float | None = Field(default=None, gt=0, le=500)


class PurchaseOut(BaseModel):
    id: str
    person_id: str
    current: bool
    bought_on: date | None
    max_daily_grams: float | None
    batch: BatchOut
    coa_id: str | None
    verdict: str | None
    reasons: list[FindingOut]
    mitragynine_pct: float | None
    hydroxymitragynine_pct: float | None
    recalls: list[RecallMatchOut]


class PurchaseList(BaseModel):
    items: list[PurchaseOut]


def recall_out(recall: Recall) -> RecallOut:
    return RecallOut(
        id=recall.id,
        kind=recall.kind.value,
        agency=recall.agency,
        announced_on=recall.announced_on,
        firm=recall.firm,
        brands=list(recall.brands),
        lots=list(recall.lots),
        scope=recall.scope,
        reason=recall.reason,
        source=recall.source,
    )


def match_out(match: RecallMatch) -> RecallMatchOut:
    return RecallMatchOut(
        level=match.level.value, sentence=match.sentence, recall=recall_out(match.recall)
    )


def batch_out(label: BatchLabel) -> BatchOut:
    return BatchOut(
        id=label.batch.id,
        lot=label.batch.lot,
        product_id=label.product.id,
        product=label.product.name,
        form=label.product.form.value,
        vendor_id=label.vendor.id,
        vendor=label.vendor.name,
    )


def purchase_out(item: PersonProduct) -> PurchaseOut:
    p, a = item.purchase, item.alkaloids
    return PurchaseOut(
        id=p.id,
        person_id=p.person_id,
        current=p.current,
        bought_on=p.bought_on,
        max_daily_grams=float(p.max_daily_grams) if p.max_daily_grams is not None else None,
        batch=batch_out(item.label),
        coa_id=item.certificate.id if item.certificate else None,
        verdict=item.verdict.kind.value if item.verdict else None,
        reasons=[finding_out(f) for f in item.verdict.reasons] if item.verdict else [],
        mitragynine_pct=float(a.mitragynine_pct) if a and a.mitragynine_pct is not None else None,
        hydroxymitragynine_pct=float(a.hydroxymitragynine_pct)
        if a and a.hydroxymitragynine_pct is not None
        else None,
        recalls=[match_out(m) for m in item.recalls],
    )


def new_product(body: ProductIn) -> NewProduct:
    return NewProduct(
        vendor=body.vendor,
        name=body.name,
        form=body.form,
        strain=body.strain,
        colour=body.colour,
        grams_per_unit=body.grams_per_unit,
        grams_per_ml=body.grams_per_ml,
        website=body.website,
    )


@router.get("/vendors", response_model=VendorList)
def list_vendors(actor: ActorDep, services: ServicesDep) -> VendorList:
    return VendorList(
        items=[
            VendorOut(id=v.id, name=v.name, website=v.website) for v in services.products.vendors()
        ]
    )


@router.get("/vendors/scorecard", response_model=Scorecard)
def scorecard(actor: ActorDep, services: ServicesDep) -> Scorecard:
    """Per vendor: batches whose newest certificate is complete and passes, age of the newest
    certificate, failures and recalls."""
    return Scorecard(
        items=[
            ScoreOut(
                vendor=VendorOut(id=s.vendor.id, name=s.vendor.name, website=s.vendor.website),
                batches=s.batches,
                passing=s.passing,
                failing=s.failing,
                incomplete=s.incomplete,
                without_coa=s.without_coa,
                share_passing=float(s.share_passing) if s.share_passing is not None else None,
                newest_coa_age_days=s.newest_coa_age_days,
                recalls=[match_out(m) for m in s.recalls],
            )
            for s in services.products.scorecard()
        ]
    )


@router.get("/recalls", response_model=RecallList)
def recalls(actor: ActorDep, services: ServicesDep) -> RecallList:
    return RecallList(items=[recall_out(r) for r in services.products.recall_list()])


@router.get("/batches", response_model=BatchList)
def list_batches(
    actor: ActorDep,
    services: ServicesDep,
    vendor_id: Annotated[str | None, Query(max_length=64)] = None,
) -> BatchList:
    return BatchList(items=[batch_out(b) for b in services.products.batches(vendor_id)])


@router.post("/batches", response_model=BatchOut, status_code=201)
def add_batch(body: BatchIn, actor: ActorDep, services: ServicesDep) -> BatchOut:
    """Find or create the vendor, the product and the lot."""
    return batch_out(services.products.add_batch(actor, new_product(body), body.lot))


@router.get("/purchases", response_model=PurchaseList)
def list_purchases(
    actor: ActorDep,
    services: ServicesDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
) -> PurchaseList:
    """The person's products, the ones taken now first, with verdicts and alkaloid content."""
    subject = services.guard.subject_of(actor, person_id)
    return PurchaseList(
        items=[purchase_out(i) for i in services.products.products_for(actor, subject)]
    )


@router.post("/purchases", response_model=PurchaseOut, status_code=201)
def add_purchase(
    body: PurchaseIn, actor: ActorDep, services: ServicesDep, response: Response
) -> PurchaseOut:
    item, created = services.products.record_purchase(
        actor,
        NewPurchase(
            id=body.id,
            person_id=body.person_id,
            batch_id=body.batch_id,
            product=new_product(body.product) if body.product else None,
            lot=body.lot,
            bought_on=body.bought_on,
            max_daily_grams=body.max_daily_grams,
            current=body.current,
        ),
    )
    response.status_code = 201 if created else 200
    return purchase_out(item)


@router.get("/purchases/{purchase_id}", response_model=PurchaseOut)
def get_purchase(purchase_id: str, actor: ActorDep, services: ServicesDep) -> PurchaseOut:
    return purchase_out(services.products.purchase(actor, purchase_id))


@router.patch("/purchases/{purchase_id}", response_model=PurchaseOut)
def patch_purchase(
    purchase_id: str, body: PurchasePatch, actor: ActorDep, services: ServicesDep
) -> PurchaseOut:
    """Mark a purchase as taken now or stopped, or change its most grams per day."""
    return purchase_out(
        services.products.update_purchase(
            actor, purchase_id, current=body.current, max_daily_grams=body.max_daily_grams
        )
    )
