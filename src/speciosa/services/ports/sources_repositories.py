"""Repository ports of the sources feature: the shared catalogue, lab certificates and purchases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from speciosa.domain.sources.certificate import StoredCertificate
from speciosa.domain.sources.products import Batch, Product, ProductForm, Purchase, Vendor
from speciosa.domain.sources.review import RowReview


class CatalogueRepository(Protocol):
    """Vendors, products and batches. `add_*` returns False (nothing stored) when the same
    normalised name (or lot) exists already — the caller then re-reads it with `find_*`."""

    def add_vendor(self, vendor: Vendor) -> bool: ...

    def vendor(self, vendor_id: str) -> Vendor | None: ...

    def find_vendor(self, name: str) -> Vendor | None: ...

    def vendors(self) -> list[Vendor]: ...

    def add_product(self, product: Product) -> bool: ...

    def product(self, product_id: str) -> Product | None: ...

    def find_product(self, vendor_id: str, name: str, form: ProductForm) -> Product | None: ...

    def products(self, vendor_id: str | None = None) -> list[Product]: ...

    def add_batch(self, batch: Batch) -> bool: ...

    def batch(self, batch_id: str) -> Batch | None: ...

    def find_batch(self, product_id: str, lot: str) -> Batch | None: ...

    def batches(self, product_ids: Sequence[str] | None = None) -> list[Batch]: ...


class CertificateRepository(Protocol):
    def add(self, stored: StoredCertificate) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, certificate_id: str) -> StoredCertificate | None: ...

    def for_batches(self, batch_ids: Sequence[str]) -> list[StoredCertificate]: ...

    def recent(self, limit: int) -> list[StoredCertificate]: ...

    def all_with_batch(self) -> list[StoredCertificate]: ...

    def visible(
        self,
        uploaders: Sequence[str],
        limit: int,
        *,
        batch_id: str | None = None,
        unattributed: bool = False,
    ) -> list[StoredCertificate]:
        """Newest first: batch-wide ones and those `uploaders` (`unattributed`: the CLI) sent."""
        ...

    def add_file(self, certificate_id: str, content: bytes) -> None:
        """Keep the uploaded PDF, to show each value beside the page region it came from."""
        ...

    def file(self, certificate_id: str) -> bytes | None: ...

    def add_review(self, review: RowReview) -> None: ...

    def reviews(self, certificate_id: str) -> list[RowReview]: ...  # oldest first

    def verify(self, certificate_id: str, by: str | None, at: datetime) -> None:
        """Mark the certificate as speaking for its batch (a clinician verified it)."""
        ...


class PurchaseRepository(Protocol):
    def add(self, purchase: Purchase) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, purchase_id: str) -> Purchase | None: ...

    def for_person(self, person_id: str) -> list[Purchase]: ...

    def current_for_batch(self, batch_id: str) -> list[Purchase]: ...

    def save(self, purchase: Purchase) -> None: ...
