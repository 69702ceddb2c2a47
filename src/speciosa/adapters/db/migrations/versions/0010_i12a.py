"""i12a: corrections of doses and check-ins (status, supersedes / superseded_by, reason) and the
recorded reason for a taper plan that starts above the person's logged intake.

Revision ID: 0010_i12a
Revises: 0009_merge_wave2
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i12a"
down_revision: str | Sequence[str] | None = "0009_merge_wave2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CORRECTED_TABLES = ("doses", "checkins")


def upgrade() -> None:
    for table in CORRECTED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("status", sa.String(length=20), nullable=False, server_default="current")
            )
            batch_op.add_column(sa.Column("supersedes", sa.String(length=36), nullable=True))
            batch_op.add_column(sa.Column("superseded_by", sa.String(length=36), nullable=True))
            batch_op.add_column(
                sa.Column("status_reason", sa.Text(), nullable=False, server_default="")
            )
    with op.batch_alter_table("taper_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("taper_plans", schema=None) as batch_op:
        batch_op.drop_column("start_reason")
    for table in CORRECTED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("status_reason")
            batch_op.drop_column("superseded_by")
            batch_op.drop_column("supersedes")
            batch_op.drop_column("status")
