"""The clinician dashboard with 1,000 persons × 180 days of history (issue 8), on SQLite and on
a PostgreSQL server this benchmark starts itself (tests/support/postgres.py).

History is bulk-inserted straight into the tables (one SOWS check-in a day per person, a
withdrawal profile, a grant to the clinician, open and acknowledged alerts of every kind, some
persons silent for days so the missed-check-in rule has work), then `GET /clinic` is timed
through the whole app (session cookie, CSRF, the dashboard's queries, the audit rows of the
shown page, 50 sparklines, the template) and `DashboardService.load` on its own.
Goal: p95 under 150 ms on each backend.
"""

from __future__ import annotations

import random
import re
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from benchmarks.database import database_engine
from benchmarks.harness import BenchContext, Figure
from speciosa.adapters.clock import FixedClock
from speciosa.adapters.db.rows.foundation import AlertRow, ConsentRow, PersonRow, UserRow
from speciosa.adapters.db.rows.withdrawal import CheckInRow, WithdrawalProfileRow
from speciosa.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.entrypoints.app import create_app
from speciosa.services.foundation.accounts import NewUser
from speciosa.settings import Settings

NAME = "dashboard"
GOAL_MS = 150.0
PASSWORD = "benchmark password 1"
NOW = datetime.now(UTC).replace(microsecond=0)
BANDS = ((0, "none"), (10, "mild"), (20, "moderate"), (64, "severe"))
CHUNK = 5000


def _band(total: int) -> str:
    return next(label for upper, label in BANDS if total <= upper)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def seed(services: Services, persons: int, days: int) -> tuple[str, str]:
    """Bulk history for `persons` persons of one clinician; returns (clinician id, e-mail)."""
    clinician = services.accounts.create_user(
        NewUser(email="bench.clinician@example.org", role=Role.CLINICIAN, password=PASSWORD)
    )
    rng = random.Random(8)
    users, profiles, consents, withdrawal, checkins = [], [], [], [], []
    alerts: list[dict[str, Any]] = []
    start = NOW - timedelta(days=days)
    kinds = list(AlertKind)
    for index in range(persons):
        person_id = str(uuid.uuid4())
        users.append(
            {
                "id": person_id,
                "email": f"bench.person{index}@example.org",
                "role": "person",
                "name": f"Bench Person {index:04d}",
                "password_hash": "-",
                "created_at": start,
                "disabled": False,
            }
        )
        profiles.append(
            {
                "person_id": person_id,
                "programme_start": start.date(),
                "timezone": rng.choice(["UTC", "America/New_York", "Europe/Berlin"]),
                "jurisdiction": "US-OR",
                "research_consent_at": None,
            }
        )
        consents.append({"person_id": person_id, "clinician_id": clinician.id, "granted_at": start})
        withdrawal.append(
            {
                "person_id": person_id,
                "opioids": ["short_acting"],
                "last_use_at": start - timedelta(days=1),
                "updated_at": start,
                "updated_by": person_id,
            }
        )
        silent_days = 5 if index % 20 == 0 else 0  # one in twenty stopped checking in
        level = rng.uniform(4, 30)
        for day in range(days - silent_days):
            total = max(0, min(64, round(level * (0.985**day) + rng.uniform(-3, 3))))
            at = start + timedelta(days=day, hours=8, minutes=rng.randint(0, 240))
            checkins.append(
                {
                    "id": str(uuid.uuid4()),
                    "person_id": person_id,
                    "instrument": "sows",
                    "answers": {"anxious": min(4, total)},
                    "measurements": {},
                    "total": total,
                    "band": _band(total),
                    "taken_at": at,
                    "recorded_at": at,
                    "recorded_by": person_id,
                    "note": "",
                    "fingerprint": "-",
                }
            )
        for number in range(rng.choice([0, 0, 1, 2, 3])):
            kind = rng.choice(kinds)
            acknowledged = rng.random() < 0.4
            raised = NOW - timedelta(hours=rng.randint(1, 24 * days))
            alerts.append(
                {
                    "id": str(uuid.uuid4()),
                    "person_id": person_id,
                    "kind": kind.value,
                    "title": f"{kind.value} {number}",
                    "explanation": "Benchmark alert.",
                    "facts": {},
                    "raised_at": raised,
                    "dedupe_key": f"bench:{person_id}:{number}",
                    "source_type": None,
                    "source_id": None,
                    "acknowledged_at": raised + timedelta(hours=1) if acknowledged else None,
                    "acknowledged_by": clinician.id if acknowledged else None,
                    "acknowledgement_note": "",
                }
            )
    with database_engine(services) as engine, SqlUnitOfWorkFactory(engine)() as uow:
        session = uow.session
        for row, rows in (
            (UserRow, users),
            (PersonRow, profiles),
            (ConsentRow, consents),
            (WithdrawalProfileRow, withdrawal),
            (CheckInRow, checkins),
            (AlertRow, alerts),
        ):
            for chunk in _chunks(rows):
                session.execute(insert(row), chunk)
        uow.commit()
    return clinician.id, clinician.email


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def measure(settings: Settings, backend: str, persons: int, days: int, runs: int) -> list[Figure]:
    services = bootstrap(settings, clock=FixedClock(NOW))
    try:
        started = time.perf_counter()
        clinician_id, email = seed(services, persons, days)
        seeded = time.perf_counter() - started
        actor = Actor(clinician_id, Role.CLINICIAN, "Bench", "127.0.0.1")
        for _ in range(3):  # the first load raises the missed-check-in alerts
            services.dashboard.load(actor)
        service_ms = []
        for _ in range(runs):
            t0 = time.perf_counter()
            services.dashboard.load(actor)
            service_ms.append((time.perf_counter() - t0) * 1000)
        page_ms = []
        with TestClient(create_app(settings, services)) as client:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
            assert token is not None
            client.post(
                "/sign-in",
                data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
            )
            for _ in range(3):
                assert client.get("/clinic").status_code == 200
            for _ in range(runs):
                t0 = time.perf_counter()
                response = client.get("/clinic")
                page_ms.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
    finally:
        services.close()
    size = (
        f"{persons} persons × {days} days ({persons * days:,} check-ins; seeded in {seeded:.0f} s)"
    )
    page = p95(page_ms)
    return [
        Figure(
            NAME,
            f"GET /clinic p95, {backend}",
            page,
            "ms",
            f"< {GOAL_MS:g} ms",
            page < GOAL_MS,
            f"{size}; median {statistics.median(page_ms):.0f} ms over {runs} requests",
        ),
        Figure(
            NAME,
            f"DashboardService.load p95, {backend}",
            p95(service_ms),
            "ms",
            note=f"median {statistics.median(service_ms):.0f} ms; queries + audit rows only",
        ),
    ]


@contextmanager
def postgres_settings(base: Settings) -> Iterator[Settings | None]:
    from tests.support.postgres import PostgresServer

    try:
        server = PostgresServer.start()
    except Exception:
        yield None
        return
    try:
        yield replace(base, database_url=server.create_database())
    finally:
        server.stop()


def run(ctx: BenchContext) -> list[Figure]:
    persons, days, runs = (100, 30, 20) if ctx.quick else (1000, 180, 60)
    base = replace(
        Settings.from_env({}).with_data_dir(ctx.work_dir / "sqlite"), fast_password_hashing=True
    )
    figures = measure(base, "SQLite", persons, days, runs)
    with postgres_settings(
        replace(
            Settings.from_env({}).with_data_dir(ctx.work_dir / "pg"), fast_password_hashing=True
        )
    ) as pg:
        if pg is None:
            figures.append(
                Figure(
                    NAME,
                    "GET /clinic p95, PostgreSQL",
                    0,
                    "ms",
                    f"< {GOAL_MS:g} ms",
                    None,
                    "PostgreSQL is not installed; not measured",
                )
            )
        else:
            figures += measure(pg, "PostgreSQL", persons, days, runs)
    return figures
