"""Merge the feature branches that were built in parallel: withdrawal, sources, precautions and
pigmentation each branched from the foundation.

Revision ID: 0006_merge_wave1
Revises: 0002_withdrawal, 0003_sources, 0004_precautions, 0005_pigmentation
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006_merge_wave1"
down_revision: str | Sequence[str] | None = (
    "0002_withdrawal",
    "0003_sources",
    "0004_precautions",
    "0005_pigmentation",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
