"""Merge the dosing and reports branches, built in parallel after wave 1.

Revision ID: 0009_merge_wave2
Revises: 0007_dosing, 0008_reports
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0009_merge_wave2"
down_revision: str | Sequence[str] | None = ("0007_dosing", "0008_reports")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
