"""reports: clinician notes on a person's timeline

Revision ID: 0008_reports
Revises: 0006_merge_wave1
Create Date: 2026-11-25 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_reports"
down_revision: str | Sequence[str] | None = "0006_merge_wave1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinician_notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_clinician_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_clinician_notes_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_notes")),
    )
    with op.batch_alter_table("clinician_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clinician_notes_person_id_written_at", ["person_id", "written_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("clinician_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_clinician_notes_person_id_written_at")
    op.drop_table("clinician_notes")
