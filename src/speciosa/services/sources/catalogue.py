"""The shared catalogue of vendors, products and batches, and the vendor scorecard.

A vendor, a product of a vendor and a lot of a product are each stored once, found again by
their normalised name: each `find_or_add_…` finds the stored one or adds it, and when a
concurrent request added the same one first, reads that one back. All run inside the caller's
transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from speciosa.domain.foundation.errors import NotFound
from speciosa.domain.sources.certificate import StoredCertificate
from speciosa.domain.sources.products import (
    MAX_GRAMS_PER_ML,
    MAX_GRAMS_PER_UNIT,
    MAX_LOT,
    Batch,
    BatchRecord,
    Product,
    Vendor,
    VendorScore,
    check_product_amounts,
    clean_name,
    clean_web_address,
    parse_amount,
    parse_colour,
    parse_form,
    score_vendor,
)
from speciosa.domain.sources.recalls import Recall
from speciosa.services.ports.unit_of_work import UnitOfWork
from speciosa.services.sources.batch_verdicts import decide_for
from speciosa.services.sources.certificates import CertificateService


@dataclass(frozen=True)
class NewProduct:
    vendor: str
    name: str
    form: str
    strain: str = ""
    colour: str | None = None
    grams_per_unit: object = None
    grams_per_ml: object = None
    website: str = ""


def find_or_add_vendor(uow: UnitOfWork, now: datetime, name: str, website: str = "") -> Vendor:
    name = clean_name(name, "vendor")
    found = uow.catalogue.find_vendor(name)
    if found is not None:
        return found
    vendor = Vendor(
        str(uuid.uuid4()),
        name,
        clean_web_address(website, "website", limit=200),
        now,
    )
    if not uow.catalogue.add_vendor(vendor):
        found = uow.catalogue.find_vendor(name)
        if found is None:
            raise NotFound(f"The vendor {name} could not be stored; try again.")
        return found
    return vendor


def find_or_add_product(uow: UnitOfWork, now: datetime, new: NewProduct) -> Product:
    vendor = find_or_add_vendor(uow, now, new.vendor, new.website)
    name = clean_name(new.name, "product")
    form = parse_form(new.form)
    found = uow.catalogue.find_product(vendor.id, name, form)
    if found is not None:
        return found
    per_unit = parse_amount(new.grams_per_unit, "grams_per_unit", MAX_GRAMS_PER_UNIT)
    per_ml = parse_amount(new.grams_per_ml, "grams_per_ml", MAX_GRAMS_PER_ML)
    check_product_amounts(form, per_unit, per_ml)
    product = Product(
        id=str(uuid.uuid4()),
        vendor_id=vendor.id,
        name=name,
        form=form,
        strain=clean_name(new.strain, "strain", required=False),
        colour=parse_colour(new.colour),
        grams_per_unit=per_unit if form.per_unit else None,
        grams_per_ml=per_ml if form.per_ml else None,
        created_at=now,
    )
    if not uow.catalogue.add_product(product):
        found = uow.catalogue.find_product(vendor.id, name, form)
        if found is None:
            raise NotFound(f"The product {name} could not be stored; try again.")
        return found
    return product


def find_or_add_batch(uow: UnitOfWork, now: datetime, product: Product, lot: str) -> Batch:
    lot = clean_name(lot, "lot", limit=MAX_LOT)
    found = uow.catalogue.find_batch(product.id, lot)
    if found is not None:
        return found
    batch = Batch(str(uuid.uuid4()), product.id, lot, now)
    if not uow.catalogue.add_batch(batch):
        found = uow.catalogue.find_batch(product.id, lot)
        if found is None:
            raise NotFound(f"The lot {lot} could not be stored; try again.")
        return found
    return batch


def vendor_scores(
    uow: UnitOfWork, certificates: CertificateService, recalls: Sequence[Recall], today: date
) -> list[VendorScore]:
    """Every vendor: share of batches whose newest certificate is complete and passes (at the
    reference daily amount), age of the newest certificate, failures, recalls."""
    vendors = uow.catalogue.vendors()
    products = {p.id: p for p in uow.catalogue.products()}
    batches = uow.catalogue.batches()
    by_batch: dict[str, list[StoredCertificate]] = {}
    for stored in uow.certificates.all_with_batch():
        by_batch.setdefault(stored.batch_id or "", []).append(stored)
    scores = []
    for vendor in vendors:
        records = []
        for batch in batches:
            product = products.get(batch.product_id)
            if product is None or product.vendor_id != vendor.id:
                continue
            # The batch as a whole: only certificates a clinician uploaded or verified count.
            decided = decide_for(
                by_batch.get(batch.id, []),
                None,
                certificates.judge,
                None,
                product.microbial_category,
            )
            newest, verdict = decided.certificate, decided.verdict
            if newest is None or verdict is None:
                records.append(BatchRecord(batch.id, None, None))
                continue
            on = newest.certificate.tested_on or newest.uploaded_at.date()
            records.append(BatchRecord(batch.id, verdict.kind, on))
        scores.append(score_vendor(vendor, records, today, recalls))
    return scores
