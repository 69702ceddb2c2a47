"""dosing: the dose journal, taper plans and their holds, dependence screens

Revision ID: 0007_dosing
Revises: 0006_merge_wave1
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_dosing"
down_revision: str | Sequence[str] | None = "0006_merge_wave1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dependence_screens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("substance", sa.String(length=60), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("medically_supervised", sa.Boolean(), nullable=False),
        sa.Column("typical_doses_per_day", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_dependence_screens_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_dependence_screens_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependence_screens")),
    )
    with op.batch_alter_table("dependence_screens", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dependence_screens_person_id_taken_at", ["person_id", "taken_at"], unique=False
        )

    op.create_table(
        "taper_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("substance", sa.String(length=60), nullable=False),
        sa.Column("unit", sa.String(length=4), nullable=False),
        sa.Column("start_amount", sa.String(length=32), nullable=False),
        sa.Column("unit_step", sa.String(length=32), nullable=False),
        sa.Column("reduction_pct", sa.String(length=32), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("hold_instrument", sa.String(length=8), nullable=False),
        sa.Column("hold_min_rise", sa.Integer(), nullable=False),
        sa.Column("hold_window_days", sa.Integer(), nullable=False),
        sa.Column("hold_days", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("active_key", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=36), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_taper_plans_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_taper_plans_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_taper_plans_ended_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_taper_plans_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taper_plans")),
        sa.UniqueConstraint("active_key", name=op.f("uq_taper_plans_active_key")),
    )
    with op.batch_alter_table("taper_plans", schema=None) as batch_op:
        batch_op.create_index("ix_taper_plans_person_id", ["person_id"], unique=False)

    op.create_table(
        "taper_holds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("due_before", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("trigger_day", sa.Date(), nullable=False),
        sa.Column("instrument", sa.String(length=8), nullable=False),
        sa.Column("from_total", sa.Integer(), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("to_total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_taper_holds_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["taper_plans.id"], name=op.f("fk_taper_holds_plan_id_taper_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taper_holds")),
        sa.UniqueConstraint(
            "plan_id", "step_index", "due_before", name=op.f("uq_taper_holds_plan_id")
        ),
    )
    op.create_table(
        "doses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("grams", sa.String(length=32), nullable=True),
        sa.Column("purchase_id", sa.String(length=36), nullable=True),
        sa.Column("product_label", sa.String(length=300), nullable=False),
        sa.Column("mitragynine_mg", sa.String(length=32), nullable=True),
        sa.Column("hydroxymitragynine_mg", sa.String(length=32), nullable=True),
        sa.Column("drug", sa.String(length=60), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=True),
        sa.Column("mme", sa.String(length=32), nullable=True),
        sa.Column("mme_note", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["users.id"], name=op.f("fk_doses_person_id_users")),
        sa.ForeignKeyConstraint(
            ["purchase_id"], ["purchases.id"], name=op.f("fk_doses_purchase_id_purchases")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_doses_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses")),
    )
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_doses_person_id_taken_at_id", ["person_id", "taken_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_index("ix_doses_person_id_taken_at_id")

    op.drop_table("doses")
    op.drop_table("taper_holds")
    with op.batch_alter_table("taper_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_taper_plans_person_id")

    op.drop_table("taper_plans")
    with op.batch_alter_table("dependence_screens", schema=None) as batch_op:
        batch_op.drop_index("ix_dependence_screens_person_id_taken_at")

    op.drop_table("dependence_screens")
