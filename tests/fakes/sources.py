"""In-memory fakes of the sources ports: the shared catalogue (vendors, products, batches), lab
certificates with their files and row reviews, and purchases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.sources.analytes import name_key
from speciosa.domain.sources.certificate import StoredCertificate
from speciosa.domain.sources.products import Batch, Product, ProductForm, Purchase, Vendor
from speciosa.domain.sources.review import RowReview, apply_reviews
from speciosa.services.ports.sources_repositories import (
    CatalogueRepository,
    CertificateRepository,
    PurchaseRepository,
)
from tests.fakes.store import Store


def lot_key(lot: str) -> str:
    return name_key(lot) or lot.lower()


class FakeCatalogue:
    """Unique by normalised name (vendor), (vendor, name, form) (product), (product, lot)."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def add_vendor(self, vendor: Vendor) -> bool:
        if vendor.id in self.s.vendors or self.find_vendor(vendor.name):
            return False
        self.s.vendors[vendor.id] = vendor
        return True

    def vendor(self, vendor_id: str) -> Vendor | None:
        return self.s.vendors.get(vendor_id)

    def find_vendor(self, name: str) -> Vendor | None:
        key = name_key(name)
        return next((v for v in self.s.vendors.values() if name_key(v.name) == key), None)

    def vendors(self) -> list[Vendor]:
        return sorted(self.s.vendors.values(), key=lambda v: v.name)

    def add_product(self, product: Product) -> bool:
        if product.id in self.s.products or self.find_product(
            product.vendor_id, product.name, product.form
        ):
            return False
        self.s.products[product.id] = product
        return True

    def product(self, product_id: str) -> Product | None:
        return self.s.products.get(product_id)

    def find_product(self, vendor_id: str, name: str, form: ProductForm) -> Product | None:
        key = name_key(name)
        return next(
            (
                p
                for p in self.s.products.values()
                if p.vendor_id == vendor_id and name_key(p.name) == key and p.form is form
            ),
            None,
        )

    def products(self, vendor_id: str | None = None) -> list[Product]:
        found = [p for p in self.s.products.values() if vendor_id in (None, p.vendor_id)]
        return sorted(found, key=lambda p: (p.name, p.form.value))

    def add_batch(self, batch: Batch) -> bool:
        if batch.id in self.s.batches or self.find_batch(batch.product_id, batch.lot):
            return False
        self.s.batches[batch.id] = batch
        return True

    def batch(self, batch_id: str) -> Batch | None:
        return self.s.batches.get(batch_id)

    def find_batch(self, product_id: str, lot: str) -> Batch | None:
        key = lot_key(lot)
        return next(
            (
                b
                for b in self.s.batches.values()
                if b.product_id == product_id and lot_key(b.lot) == key
            ),
            None,
        )

    def batches(self, product_ids: Sequence[str] | None = None) -> list[Batch]:
        found = [
            b for b in self.s.batches.values() if product_ids is None or b.product_id in product_ids
        ]
        return sorted(found, key=lambda b: (b.created_at, b.id))


class FakeCertificates:
    """Stored as uploaded; reads apply the row reviews, as the SQL repository does."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def _read(self, stored: StoredCertificate) -> StoredCertificate:
        reviews = self.reviews(stored.id)
        return replace(stored, certificate=apply_reviews(stored.certificate, reviews))

    def _newest_first(self, found: Sequence[StoredCertificate]) -> list[StoredCertificate]:
        by_id = sorted(found, key=lambda c: c.id)
        ordered = sorted(by_id, key=lambda c: c.uploaded_at, reverse=True)
        return [self._read(c) for c in ordered]

    def add(self, stored: StoredCertificate) -> bool:
        if stored.id in self.s.certificates:
            return False
        self.s.certificates[stored.id] = stored
        return True

    def get(self, certificate_id: str) -> StoredCertificate | None:
        found = self.s.certificates.get(certificate_id)
        return self._read(found) if found else None

    def for_batches(self, batch_ids: Sequence[str]) -> list[StoredCertificate]:
        return self._newest_first(
            [c for c in self.s.certificates.values() if c.batch_id in batch_ids]
        )

    def recent(self, limit: int) -> list[StoredCertificate]:
        return self._newest_first(list(self.s.certificates.values()))[:limit]

    def all_with_batch(self) -> list[StoredCertificate]:
        return [self._read(c) for c in self.s.certificates.values() if c.batch_id is not None]

    def visible(
        self,
        uploaders: Sequence[str],
        limit: int,
        *,
        batch_id: str | None = None,
        unattributed: bool = False,
    ) -> list[StoredCertificate]:
        shown = [
            c
            for c in self.s.certificates.values()
            if (
                c.verified_at is not None
                or c.uploaded_by in uploaders
                or (unattributed and c.uploaded_by is None)
            )
            and batch_id in (None, c.batch_id)
        ]
        return self._newest_first(shown)[:limit]

    def add_file(self, certificate_id: str, content: bytes) -> None:
        self.s.certificate_files[certificate_id] = content

    def file(self, certificate_id: str) -> bytes | None:
        return self.s.certificate_files.get(certificate_id)

    def add_review(self, review: RowReview) -> None:
        self.s.certificate_reviews.append(review)

    def reviews(self, certificate_id: str) -> list[RowReview]:
        return [r for r in self.s.certificate_reviews if r.certificate_id == certificate_id]

    def verify(self, certificate_id: str, by: str | None, at: datetime) -> None:
        found = self.s.certificates[certificate_id]  # KeyError is a LookupError, as in SQL
        self.s.certificates[certificate_id] = replace(found, verified_by=by, verified_at=at)


class FakePurchases:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, purchase: Purchase) -> bool:
        if purchase.id in self.s.purchases:
            return False
        self.s.purchases[purchase.id] = purchase
        return True

    def get(self, purchase_id: str) -> Purchase | None:
        return self.s.purchases.get(purchase_id)

    def for_person(self, person_id: str) -> list[Purchase]:
        """Current ones first, then newest first."""
        mine = sorted(
            (p for p in self.s.purchases.values() if p.person_id == person_id), key=lambda p: p.id
        )
        return sorted(mine, key=lambda p: (p.current, p.created_at), reverse=True)

    def current_for_batch(self, batch_id: str) -> list[Purchase]:
        return [p for p in self.s.purchases.values() if p.batch_id == batch_id and p.current]

    def save(self, purchase: Purchase) -> None:
        found = self.s.purchases[purchase.id]  # KeyError is a LookupError, as in SQL
        self.s.purchases[purchase.id] = replace(
            found,
            current=purchase.current,
            stopped_at=purchase.stopped_at,
            max_daily_grams=purchase.max_daily_grams,
        )


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_catalogue: CatalogueRepository = FakeCatalogue(Store())
_certificates: CertificateRepository = FakeCertificates(Store())
_purchases: PurchaseRepository = FakePurchases(Store())
