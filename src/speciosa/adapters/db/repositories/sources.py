"""The catalogue (vendors, products, batches), lab certificates and purchases."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.db.repositories.certificates import SqlCertificateRepository
from speciosa.adapters.db.rows.sources import (
    BatchRow,
    ProductRow,
    PurchaseRow,
    VendorRow,
)
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.sources.analytes import name_key
from speciosa.domain.sources.products import (
    Batch,
    Product,
    ProductForm,
    Purchase,
    VeinColour,
    Vendor,
)


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _vendor(row: VendorRow) -> Vendor:
    return Vendor(row.id, row.name, row.website, row.created_at)


def _product(row: ProductRow) -> Product:
    return Product(
        id=row.id,
        vendor_id=row.vendor_id,
        name=row.name,
        form=ProductForm(row.form),
        strain=row.strain,
        colour=VeinColour(row.colour) if row.colour else None,
        grams_per_unit=_decimal(row.grams_per_unit),
        grams_per_ml=_decimal(row.grams_per_ml),
        created_at=row.created_at,
    )


__all__ = ["SqlCatalogueRepository", "SqlCertificateRepository", "SqlPurchaseRepository"]


def _batch(row: BatchRow) -> Batch:
    return Batch(row.id, row.product_id, row.lot, row.created_at)


class SqlCatalogueRepository:
    """Vendors, products and batches: shared by every person, unique by normalised name."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add_vendor(self, vendor: Vendor) -> bool:
        row = VendorRow(
            id=vendor.id,
            name=vendor.name,
            name_key=name_key(vendor.name),
            website=vendor.website,
            created_at=vendor.created_at,
        )
        return add_unless_exists(self._s, row)

    def vendor(self, vendor_id: str) -> Vendor | None:
        row = self._s.get(VendorRow, vendor_id)
        return _vendor(row) if row else None

    def find_vendor(self, name: str) -> Vendor | None:
        row = self._s.scalars(select(VendorRow).where(VendorRow.name_key == name_key(name))).first()
        return _vendor(row) if row else None

    def vendors(self) -> list[Vendor]:
        return [_vendor(r) for r in self._s.scalars(select(VendorRow).order_by(VendorRow.name))]

    def add_product(self, product: Product) -> bool:
        row = ProductRow(
            id=product.id,
            vendor_id=product.vendor_id,
            name=product.name,
            name_key=name_key(product.name),
            form=product.form.value,
            strain=product.strain,
            colour=product.colour.value if product.colour else None,
            grams_per_unit=_text(product.grams_per_unit),
            grams_per_ml=_text(product.grams_per_ml),
            created_at=product.created_at,
        )
        return add_unless_exists(self._s, row)

    def product(self, product_id: str) -> Product | None:
        row = self._s.get(ProductRow, product_id)
        return _product(row) if row else None

    def find_product(self, vendor_id: str, name: str, form: ProductForm) -> Product | None:
        query = select(ProductRow).where(
            ProductRow.vendor_id == vendor_id,
            ProductRow.name_key == name_key(name),
            ProductRow.form == form.value,
        )
        row = self._s.scalars(query).first()
        return _product(row) if row else None

    def products(self, vendor_id: str | None = None) -> list[Product]:
        query = select(ProductRow).order_by(ProductRow.name, ProductRow.form)
        if vendor_id is not None:
            query = query.where(ProductRow.vendor_id == vendor_id)
        return [_product(r) for r in self._s.scalars(query)]

    def add_batch(self, batch: Batch) -> bool:
        row = BatchRow(
            id=batch.id,
            product_id=batch.product_id,
            lot=batch.lot,
            lot_key=name_key(batch.lot) or batch.lot.lower(),
            created_at=batch.created_at,
        )
        return add_unless_exists(self._s, row)

    def batch(self, batch_id: str) -> Batch | None:
        row = self._s.get(BatchRow, batch_id)
        return _batch(row) if row else None

    def find_batch(self, product_id: str, lot: str) -> Batch | None:
        key = name_key(lot) or lot.lower()
        query = select(BatchRow).where(BatchRow.product_id == product_id, BatchRow.lot_key == key)
        row = self._s.scalars(query).first()
        return _batch(row) if row else None

    def batches(self, product_ids: Sequence[str] | None = None) -> list[Batch]:
        query = select(BatchRow).order_by(BatchRow.created_at, BatchRow.id)
        if product_ids is not None:
            if not product_ids:
                return []
            query = query.where(BatchRow.product_id.in_(list(product_ids)))
        return [_batch(r) for r in self._s.scalars(query)]


def _purchase(row: PurchaseRow) -> Purchase:
    return Purchase(
        id=row.id,
        person_id=row.person_id,
        batch_id=row.batch_id,
        bought_on=row.bought_on,
        max_daily_grams=_decimal(row.max_daily_grams),
        current=row.current,
        created_at=row.created_at,
        fingerprint=row.fingerprint,
        stopped_at=row.stopped_at,
    )


class SqlPurchaseRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, purchase: Purchase) -> bool:
        row = PurchaseRow(
            id=purchase.id,
            person_id=purchase.person_id,
            batch_id=purchase.batch_id,
            bought_on=purchase.bought_on,
            max_daily_grams=_text(purchase.max_daily_grams),
            current=purchase.current,
            created_at=purchase.created_at,
            stopped_at=purchase.stopped_at,
            fingerprint=purchase.fingerprint,
        )
        return add_unless_exists(self._s, row)

    def get(self, purchase_id: str) -> Purchase | None:
        row = self._s.get(PurchaseRow, purchase_id)
        return _purchase(row) if row else None

    def for_person(self, person_id: str) -> list[Purchase]:
        query = (
            select(PurchaseRow)
            .where(PurchaseRow.person_id == person_id)
            .order_by(PurchaseRow.current.desc(), PurchaseRow.created_at.desc(), PurchaseRow.id)
        )
        return [_purchase(r) for r in self._s.scalars(query)]

    def current_for_batch(self, batch_id: str) -> list[Purchase]:
        query = select(PurchaseRow).where(
            PurchaseRow.batch_id == batch_id, PurchaseRow.current.is_(True)
        )
        return [_purchase(r) for r in self._s.scalars(query)]

    def save(self, purchase: Purchase) -> None:
        row = self._s.get(PurchaseRow, purchase.id)
        if row is None:
            raise LookupError(purchase.id)
        row.current = purchase.current
        row.stopped_at = purchase.stopped_at
        row.max_daily_grams = _text(purchase.max_daily_grams)
        self._s.flush()
