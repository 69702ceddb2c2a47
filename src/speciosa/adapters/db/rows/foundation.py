"""Rows of the foundation: accounts, person profiles, consent, sessions, audit and alerts."""

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


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Issue 15: an admin-issued one-time reset code (its SHA-256 only) and its expiry.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    reset_code_hash: Mapped[str | None] = mapped_column(String(64))
    reset_code_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PersonRow(Base):
    __tablename__ = "persons"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), primary_key=True)
    programme_start: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    jurisdiction: Mapped[str | None] = mapped_column(String(6))
    research_consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ConsentRow(Base):
    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("person_id", "clinician_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    clinician_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), index=True)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SessionRow(Base):
    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    address: Mapped[str] = mapped_column(String(64))


class LoginAttemptRow(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # Issue 15: a prefix of the known-device token's hash ("" without one).
    device: Mapped[str] = mapped_column(String(64), default="")


class AuditRow(Base):
    """Append-only: the migration adds triggers that refuse UPDATE and DELETE on both backends."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_person_id_id", "person_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str | None] = mapped_column(ID)
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    resource: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[str | None] = mapped_column(ID)
    address: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_person_id_acknowledged_at", "person_id", "acknowledged_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    source_type: Mapped[str | None] = mapped_column(String(32))
    source_id: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id"))
    acknowledgement_note: Mapped[str] = mapped_column(Text, default="")
