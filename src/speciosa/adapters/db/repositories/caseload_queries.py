"""The caseload's SQL for the clinician dashboard: the clinician's persons, each one's last
check-in, and the triage statement.

The triage order of `domain.reports.dashboard.triage_caseload` is computed by the database: each
open alert's kind is mapped to its rank with a CASE built from
`domain.foundation.alerts.TRIAGE_RANK`, each person's lead rank is the smallest, and the newest
alert of that rank breaks ties, then the name (lower case) and the id. Window counts give the
caseload's size and how many need attention in the same statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, desc, func, literal, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute

from speciosa.adapters.db.rows.base import UtcDateTime
from speciosa.adapters.db.rows.foundation import AlertRow, ConsentRow, PersonRow, UserRow
from speciosa.adapters.db.rows.withdrawal import CheckInRow, WithdrawalProfileRow
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.alerts import SEVERITY_RANKS, TRIAGE_RANK
from speciosa.domain.reports.dashboard import (
    NOTHING_OPEN_RANK,
    SILENCE_RANK,
    CaseloadEntry,
    CaseloadFilter,
)


def active_consent(clinician_id: str) -> list[ColumnElement[bool]]:
    return [ConsentRow.clinician_id == clinician_id, ConsentRow.revoked_at.is_(None)]


def last_checkin(
    person_id: ColumnElement[str] | InstrumentedAttribute[str],
) -> ColumnElement[datetime]:
    """The person's last check-in: one probe of the (person_id, taken_at) index. (A correlated
    max() reads every check-in of the person on SQLite; ORDER BY .. LIMIT 1 reads one.)"""
    latest = (
        select(CheckInRow.taken_at)
        .where(CheckInRow.person_id == person_id)
        .order_by(CheckInRow.taken_at.desc())
        .limit(1)
        .correlate_except(CheckInRow)
        .scalar_subquery()
    )
    return type_coerce(latest, UtcDateTime())


def caseload_of(clinician_id: str, *columns: Any) -> Select[Any]:
    """The clinician's persons (an active grant)."""
    return (
        select(*columns)
        .select_from(UserRow)
        .join(ConsentRow, ConsentRow.person_id == UserRow.id)
        .where(UserRow.role == Role.PERSON.value, *active_consent(clinician_id))
    )


def caseload_entry(row: Any) -> CaseloadEntry:
    return CaseloadEntry(
        person_id=row.id,
        name=row.name,
        timezone=row.timezone or "UTC",
        disabled=bool(row.disabled),
        profile_updated_at=row.updated_at,
        last_checkin_at=row.last_checkin_at,
    )


def triage_query(
    clinician_id: str,
    offset: int,
    limit: int,
    wanted: CaseloadFilter | None,
    silent: Sequence[str],
    *,
    postgres: bool,
) -> Select[Any]:
    """The caseload in triage order, rows offset..offset+limit only, with the window counts
    `total` and `attention` on every row (see `SqlDashboardRepository.triage_page`)."""
    rank_of = case(
        {kind.value: value for kind, value in TRIAGE_RANK.items()},
        value=AlertRow.kind,
        else_=NOTHING_OPEN_RANK,
    )
    best_rank = (
        select(func.min(rank_of))
        .where(AlertRow.person_id == UserRow.id, AlertRow.acknowledged_at.is_(None))
        .correlate_except(AlertRow)
        .scalar_subquery()
    )
    lead_rank: ColumnElement[Any] = best_rank
    if silent:
        persisting = case((UserRow.id.in_(list(silent)), literal(SILENCE_RANK)))
        lead_rank = func.coalesce(best_rank, persisting)  # silence ranks least of alerts
    caseload_query = caseload_of(
        clinician_id,
        UserRow.id,
        UserRow.name,
        lead_rank.label("best"),
        best_rank.label("open_best"),
    )
    wanted = wanted or CaseloadFilter()
    if wanted.name:
        caseload_query = caseload_query.where(
            func.lower(UserRow.name).contains(wanted.name.lower(), autoescape=True)
        )
    caseload = caseload_query.subquery("caseload")
    chosen: list[ColumnElement[bool]] = []
    if wanted.severity is not None:
        low, high = SEVERITY_RANKS[wanted.severity]
        chosen.append(caseload.c.best.between(low, high))
    if wanted.open_only:
        chosen.append(caseload.c.open_best.is_not(None))
    newest = (
        select(func.max(AlertRow.raised_at))
        .where(
            AlertRow.person_id == caseload.c.id,
            AlertRow.acknowledged_at.is_(None),
            rank_of == caseload.c.best,
        )
        .correlate_except(AlertRow)
        .scalar_subquery()
    )
    name_key: ColumnElement[str] = func.lower(caseload.c.name)
    if postgres:
        name_key = name_key.collate("C")  # code-point order, as Python sorts strings
    ranked = (
        select(
            caseload.c.id,
            caseload.c.name,
            func.coalesce(caseload.c.best, literal(NOTHING_OPEN_RANK)).label("rank"),
            newest.label("newest"),
            name_key.label("name_key"),
            func.count().over().label("total"),
            func.count(caseload.c.best).over().label("attention"),
        )
        .where(*chosen)
        # The newest is NULL only where nothing is open: one rank, so no ties to break.
        .order_by("rank", desc("newest"), "name_key", caseload.c.id)
        .offset(offset)
        .limit(limit)
        .subquery("ranked")
    )
    # Profiles and the last check-in are looked up for the shown rows only.
    query = (
        select(
            ranked.c.id,
            ranked.c.name,
            UserRow.disabled,
            PersonRow.timezone,
            WithdrawalProfileRow.updated_at,
            last_checkin(ranked.c.id).label("last_checkin_at"),
            ranked.c.total,
            ranked.c.attention,
        )
        .join(UserRow, UserRow.id == ranked.c.id)
        .outerjoin(PersonRow, PersonRow.person_id == ranked.c.id)
        .outerjoin(WithdrawalProfileRow, WithdrawalProfileRow.person_id == ranked.c.id)
        .order_by(ranked.c.rank, ranked.c.newest.desc(), ranked.c.name_key, ranked.c.id)
    )
    return query
