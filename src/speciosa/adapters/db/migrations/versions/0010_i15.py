"""issue 15: reset codes, known-device sign-in attempts, the security log

Revision ID: 0010_i15
Revises: 0009_merge_wave2
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i15"
down_revision: str | Sequence[str] | None = "0009_merge_wave2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: on SQLite a batch copy drops and re-creates `users`,
    # which every clinical table references, and fails on a database that already holds data.
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("reset_code_hash", sa.String(length=64), nullable=True))
    op.add_column(
        "users", sa.Column("reset_code_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "login_attempts",
        sa.Column("device", sa.String(length=64), nullable=False, server_default=""),
    )
    op.create_table(
        "security_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_events")),
    )
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.create_index("ix_security_events_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.drop_index("ix_security_events_at")
    op.drop_table("security_events")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_column("device")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("reset_code_expires_at")
        batch_op.drop_column("reset_code_hash")
        batch_op.drop_column("must_change_password")
