"""precautions: medication lists, recorded conditions, red-flag reports

Revision ID: 0004_precautions
Revises: 0001_foundation
Create Date: 2026-11-25 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_precautions"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_medications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=36), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_person_medications_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_person_medications_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_medications")),
    )
    with op.batch_alter_table("person_medications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_medications_person_id_removed_at",
            ["person_id", "removed_at"],
            unique=False,
        )

    op.create_table(
        "person_conditions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_person_conditions_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_person_conditions_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_conditions")),
        sa.UniqueConstraint("person_id", "code", name=op.f("uq_person_conditions_person_id")),
    )

    op.create_table(
        "red_flag_reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(length=36), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("checkin_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_red_flag_reports_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"], ["users.id"], name=op.f("fk_red_flag_reports_reported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_reports")),
    )
    with op.batch_alter_table("red_flag_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_red_flag_reports_person_id_reported_at",
            ["person_id", "reported_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("red_flag_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_red_flag_reports_person_id_reported_at")
    op.drop_table("red_flag_reports")
    op.drop_table("person_conditions")
    with op.batch_alter_table("person_medications", schema=None) as batch_op:
        batch_op.drop_index("ix_person_medications_person_id_removed_at")
    op.drop_table("person_medications")
