"""person experience: cravings and sleep beside a check-in; the private reminder calendar feed

Revision ID: 0010_i16p
Revises: 0009_merge_wave2
Create Date: 2026-12-03 08:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i16p"
down_revision: str | Sequence[str] | None = "0009_merge_wave2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkin_wellbeing",
        sa.Column("checkin_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("cravings", sa.SmallInteger(), nullable=True),
        sa.Column("sleep_quality", sa.String(length=16), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name=op.f("fk_checkin_wellbeing_checkin_id_checkins")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_checkin_wellbeing_person_id_users")
        ),
        sa.PrimaryKeyConstraint("checkin_id", name=op.f("pk_checkin_wellbeing")),
    )
    with op.batch_alter_table("checkin_wellbeing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkin_wellbeing_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "calendar_feeds",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("reminder_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_calendar_feeds_person_id_users")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("checkin_wellbeing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_wellbeing_person_id"))
    op.drop_table("checkin_wellbeing")
