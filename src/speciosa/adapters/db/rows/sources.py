"""Rows of the sources feature: vendors, products, batches, lab certificates and purchases.

Decimal amounts are stored as text: exact on both backends, without SQLite's lossy Numeric.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)
DECIMAL_TEXT = String(32)


class VendorRow(Base):
    __tablename__ = "vendors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), unique=True)
    website: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductRow(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("vendor_id", "name_key", "form"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    vendor_id: Mapped[str] = mapped_column(ID, ForeignKey("vendors.id"))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))
    form: Mapped[str] = mapped_column(String(16))
    strain: Mapped[str] = mapped_column(String(120), default="")
    colour: Mapped[str | None] = mapped_column(String(16))
    grams_per_unit: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    grams_per_ml: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BatchRow(Base):
    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("product_id", "lot_key"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    product_id: Mapped[str] = mapped_column(ID, ForeignKey("products.id"))
    lot: Mapped[str] = mapped_column(String(64))
    lot_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CertificateRow(Base):
    __tablename__ = "lab_certificates"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    batch_id: Mapped[str | None] = mapped_column(ID, ForeignKey("batches.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    lab: Mapped[str] = mapped_column(String(200))
    product: Mapped[str] = mapped_column(String(200))
    batch_label: Mapped[str] = mapped_column(String(200))
    tested_on: Mapped[date | None] = mapped_column(Date)
    source_format: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    results: Mapped[list[Any]] = mapped_column(JSON)
    unreadable: Mapped[list[Any]] = mapped_column(JSON)
    uploaded_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    verified_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CertificateFileRow(Base):
    """The uploaded PDF itself, kept so each value can be shown beside the page it came from.
    In the database, so it is stored in the same transaction as the certificate and backed up."""

    __tablename__ = "lab_certificate_files"

    certificate_id: Mapped[str] = mapped_column(
        ID, ForeignKey("lab_certificates.id"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CertificateReviewRow(Base):
    """One confirmation or correction of one result row; the newest per row counts."""

    __tablename__ = "lab_certificate_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    certificate_id: Mapped[str] = mapped_column(ID, ForeignKey("lab_certificates.id"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(40))
    original_value: Mapped[str] = mapped_column(String(100))
    original_unit: Mapped[str] = mapped_column(String(40))
    reviewed_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PurchaseRow(Base):
    __tablename__ = "purchases"
    __table_args__ = (Index("ix_purchases_person_id_current", "person_id", "current"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    batch_id: Mapped[str] = mapped_column(ID, ForeignKey("batches.id"), index=True)
    bought_on: Mapped[date | None] = mapped_column(Date)
    max_daily_grams: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    fingerprint: Mapped[str] = mapped_column(String(64))
