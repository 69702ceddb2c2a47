"""Rows of the dosing feature: the dose journal, taper plans and their holds, dependence screens.

Decimal amounts are stored as text: exact on both backends, without SQLite's lossy Numeric.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from speciosa.adapters.db.rows.base import Base, UtcDateTime

ID = String(36)
DECIMAL_TEXT = String(32)


class DoseRow(Base):
    """The client-generated UUID is the primary key: a retried POST is a re-read."""

    __tablename__ = "doses"
    __table_args__ = (Index("ix_doses_person_id_taken_at_id", "person_id", "taken_at", "id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(8))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount: Mapped[str] = mapped_column(DECIMAL_TEXT)
    unit: Mapped[str] = mapped_column(String(8))
    grams: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    purchase_id: Mapped[str | None] = mapped_column(ID, ForeignKey("purchases.id"))
    product_label: Mapped[str] = mapped_column(String(300), default="")
    mitragynine_mg: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    hydroxymitragynine_mg: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    drug: Mapped[str] = mapped_column(String(60), default="")
    route: Mapped[str | None] = mapped_column(String(16))
    mme: Mapped[str | None] = mapped_column(DECIMAL_TEXT)
    mme_note: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Corrections (issue 12): current | corrected | entered_in_error; the original row stays.
    status: Mapped[str] = mapped_column(String(20), default="current", server_default="current")
    supersedes: Mapped[str | None] = mapped_column(ID)
    superseded_by: Mapped[str | None] = mapped_column(ID)
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class TaperPlanRow(Base):
    """`active_key` is set ("person:substance") only while the plan is approved and not ended;
    its unique constraint allows one active plan per person and substance on both backends
    (NULLs never clash)."""

    __tablename__ = "taper_plans"
    __table_args__ = (Index("ix_taper_plans_person_id", "person_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    substance: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(4))
    start_amount: Mapped[str] = mapped_column(DECIMAL_TEXT)
    unit_step: Mapped[str] = mapped_column(DECIMAL_TEXT)
    reduction_pct: Mapped[str] = mapped_column(DECIMAL_TEXT)
    every_days: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    hold_instrument: Mapped[str] = mapped_column(String(8))
    hold_min_rise: Mapped[int] = mapped_column(Integer)
    hold_window_days: Mapped[int] = mapped_column(Integer)
    hold_days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    active_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    end_reason: Mapped[str] = mapped_column(Text, default="")
    start_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class TaperHoldRow(Base):
    """One hold per plan, step and the date the step had before it: the unique constraint makes
    a concurrent second evaluation a no-op."""

    __tablename__ = "taper_holds"
    __table_args__ = (UniqueConstraint("plan_id", "step_index", "due_before"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    plan_id: Mapped[str] = mapped_column(ID, ForeignKey("taper_plans.id"))
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    step_index: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    trigger_day: Mapped[date] = mapped_column(Date)
    instrument: Mapped[str] = mapped_column(String(8))
    from_total: Mapped[int] = mapped_column(Integer)
    from_day: Mapped[date] = mapped_column(Date)
    to_total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DependenceScreenRow(Base):
    __tablename__ = "dependence_screens"
    __table_args__ = (Index("ix_dependence_screens_person_id_taken_at", "person_id", "taken_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    substance: Mapped[str] = mapped_column(String(60))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    medically_supervised: Mapped[bool] = mapped_column(Boolean)
    typical_doses_per_day: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(32))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
