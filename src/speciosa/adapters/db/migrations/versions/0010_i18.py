"""i18: a medication's standard code (RxNorm or another system), kept when imported from FHIR

Revision ID: 0010_i18
Revises: 0009_merge_wave2
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i18"
down_revision: str | Sequence[str] | None = "0009_merge_wave2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person_medications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_system", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("code_display", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_medications", schema=None) as batch_op:
        batch_op.drop_column("code_display")
        batch_op.drop_column("code")
        batch_op.drop_column("code_system")
