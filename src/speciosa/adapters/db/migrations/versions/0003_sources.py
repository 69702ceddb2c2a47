"""sources: vendors, products, batches, lab certificates, purchases

Revision ID: 0003_sources
Revises: 0001_foundation
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_sources"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vendors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
        sa.UniqueConstraint("name_key", name=op.f("uq_vendors_name_key")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("vendor_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("strain", sa.String(length=120), nullable=False),
        sa.Column("colour", sa.String(length=16), nullable=True),
        sa.Column("grams_per_unit", sa.String(length=32), nullable=True),
        sa.Column("grams_per_ml", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_products_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("vendor_id", "name_key", "form", name=op.f("uq_products_vendor_id")),
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("lot", sa.String(length=64), nullable=False),
        sa.Column("lot_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_batches_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sa.UniqueConstraint("product_id", "lot_key", name=op.f("uq_batches_product_id")),
    )
    op.create_table(
        "lab_certificates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("lab", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("batch_label", sa.String(length=200), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=True),
        sa.Column("source_format", sa.String(length=8), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("unreadable", sa.JSON(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=36), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_lab_certificates_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_lab_certificates_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_certificates")),
    )
    with op.batch_alter_table("lab_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lab_certificates_batch_id"), ["batch_id"], unique=False
        )
    op.create_table(
        "purchases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("bought_on", sa.Date(), nullable=True),
        sa.Column("max_daily_grams", sa.String(length=32), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_purchases_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_purchases_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchases_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            "ix_purchases_person_id_current", ["person_id", "current"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index("ix_purchases_person_id_current")
        batch_op.drop_index(batch_op.f("ix_purchases_batch_id"))
    op.drop_table("purchases")
    with op.batch_alter_table("lab_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lab_certificates_batch_id"))
    op.drop_table("lab_certificates")
    op.drop_table("batches")
    op.drop_table("products")
    op.drop_table("vendors")
