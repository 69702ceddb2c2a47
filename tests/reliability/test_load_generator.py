"""The benchmark's load generator: bounded in time and count, stops by itself, counts right."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from benchmarks.bare_app import CEILING_DATABASE, app, create_ceiling_database
from benchmarks.bench_checkins import body_maker
from benchmarks.load import run_load
from fastapi.testclient import TestClient

from tests.support.live_server import serve_in_thread


def test_the_load_generator_stops_by_itself_and_counts_every_answer() -> None:
    with serve_in_thread(app) as base:
        port = int(base.rsplit(":", 1)[1])
        started = time.monotonic()
        timed = run_load(port, "/checkins", body_maker, connections=4, warmup=0.2, seconds=0.5)
        assert time.monotonic() - started < 10
        bounded = run_load(
            port, "/checkins", body_maker, connections=4, warmup=0, seconds=30, max_requests=25
        )
    assert timed.requests > 0
    assert timed.statuses == {201: timed.requests}
    assert 0 < timed.percentile(50) <= timed.percentile(99) < 5
    assert timed.throughput > 0
    assert bounded.requests == 25
    assert bounded.failures == 0


def test_the_physical_ceiling_stores_one_durable_row_per_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "ceiling.sqlite3"
    create_ceiling_database(database)
    monkeypatch.setenv(CEILING_DATABASE, str(database))
    make = body_maker(7)
    with TestClient(app) as client:
        answers = [
            client.post(
                "/checkins/stored", content=make(), headers={"Content-Type": "application/json"}
            )
            for _ in range(5)
        ]
    assert [a.status_code for a in answers] == [201] * 5
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT id, answers, total, taken_at FROM checkins").fetchall()
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert sorted(r[0] for r in rows) == sorted(a.json()["id"] for a in answers)
    assert all(r[2] == sum(json.loads(r[1]).values()) and r[3] for r in rows)
    assert journal == "wal"
