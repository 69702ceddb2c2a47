"""Merge the branches built in parallel for the real-world stage (issues 12, 14, 15, 16, 18).

Revision ID: 0011_merge_stage3
Revises: 0010_i12a, 0010_i14w, 0010_i15, 0010_i16c, 0010_i16p, 0010_i18
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011_merge_stage3"
down_revision: str | Sequence[str] | None = (
    "0010_i12a",
    "0010_i14w",
    "0010_i15",
    "0010_i16c",
    "0010_i16p",
    "0010_i18",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
