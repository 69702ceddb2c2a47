"""Lab certificates: clinician verification for the batch, the stored PDF, and row reviews.

Certificates a clinician uploaded, or the command line imported (no uploader), already spoke for
their batch and stay batch-wide (verified when uploaded); a person's upload becomes their own
until a clinician verifies it.

Revision ID: 0010_i14w
Revises: 0009_merge_wave2
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i14w"
down_revision: str | Sequence[str] | None = "0009_merge_wave2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lab_certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_by", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_lab_certificates_verified_by_users"), "users", ["verified_by"], ["id"]
        )
    op.execute(
        "UPDATE lab_certificates SET verified_by = uploaded_by, verified_at = uploaded_at "
        "WHERE uploaded_by IS NULL OR uploaded_by IN "
        "(SELECT id FROM users WHERE role = 'clinician')"
    )
    op.create_table(
        "lab_certificate_files",
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["lab_certificates.id"],
            name=op.f("fk_lab_certificate_files_certificate_id_lab_certificates"),
        ),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_lab_certificate_files")),
    )
    op.create_table(
        "lab_certificate_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("original_value", sa.String(length=100), nullable=False),
        sa.Column("original_unit", sa.String(length=40), nullable=False),
        sa.Column("reviewed_by", sa.String(length=36), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["lab_certificates.id"],
            name=op.f("fk_lab_certificate_reviews_certificate_id_lab_certificates"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_lab_certificate_reviews_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_certificate_reviews")),
    )
    with op.batch_alter_table("lab_certificate_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lab_certificate_reviews_certificate_id"),
            ["certificate_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("lab_certificate_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lab_certificate_reviews_certificate_id"))
    op.drop_table("lab_certificate_reviews")
    op.drop_table("lab_certificate_files")
    with op.batch_alter_table("lab_certificates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lab_certificates_verified_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("verified_at")
        batch_op.drop_column("verified_by")
