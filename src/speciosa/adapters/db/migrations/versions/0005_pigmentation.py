"""pigmentation: skin-photo measurements

Revision ID: 0005_pigmentation
Revises: 0001_foundation
Create Date: 2026-11-25 17:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_pigmentation"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "skin_measurements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=False),
        sa.Column("photo_width", sa.Integer(), nullable=False),
        sa.Column("photo_height", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=80), nullable=False),
        sa.Column("reference_site", sa.String(length=80), nullable=False),
        sa.Column("roi", sa.String(length=48), nullable=False),
        sa.Column("reference_roi", sa.String(length=48), nullable=True),
        sa.Column("calibrated", sa.Boolean(), nullable=False),
        sa.Column("checker_delta_e", sa.Float(), nullable=True),
        sa.Column("delta_l", sa.Float(), nullable=True),
        sa.Column("delta_e_2000", sa.Float(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_skin_measurements_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skin_measurements")),
    )
    with op.batch_alter_table("skin_measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_skin_measurements_person_id_taken_at", ["person_id", "taken_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("skin_measurements", schema=None) as batch_op:
        batch_op.drop_index("ix_skin_measurements_person_id_taken_at")
    op.drop_table("skin_measurements")
