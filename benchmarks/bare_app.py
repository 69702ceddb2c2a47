"""The baselines of the check-in benchmark, served exactly as Speciosa is (uvicorn, same worker
count, same options):

- `POST /checkins`: the same framework doing only the JSON parse into a strict pydantic model
  and answering 201 with it.
- `POST /checkins/stored`: the *physical ceiling* of a durable check-in (issue 17): the same
  parse, then one insert of a row of the check-in's columns and size into SQLite (WAL,
  synchronous=FULL, so every 201 is fsynced on disk), with writers queued exactly as Speciosa
  queues them (`SqliteWriterQueue`). What is left of Speciosa's time is authentication, access,
  scoring, the alert rules, the audit row and the taper-hold review.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from speciosa.adapters.db.write_lock import SqliteWriterQueue

CEILING_DATABASE = "SPECIOSA_BENCH_CEILING_DB"
BUSY_TIMEOUT_SECONDS = 30.0
# A person id and a recorder id of a real check-in's length (UUIDs).
PERSON_ID = "00000000-0000-4000-8000-000000000000"

# The columns of Speciosa's `checkins` table, its primary key and its (person, time) index.
CEILING_TABLE = """
CREATE TABLE IF NOT EXISTS checkins (
    id VARCHAR(36) PRIMARY KEY, person_id VARCHAR(36), instrument VARCHAR(8), answers JSON,
    measurements JSON, total INTEGER, band VARCHAR(32), taken_at DATETIME,
    recorded_at DATETIME, recorded_by VARCHAR(36), note TEXT, fingerprint VARCHAR(64),
    status VARCHAR(20), supersedes VARCHAR(36), superseded_by VARCHAR(36), status_reason TEXT,
    backdate_reason TEXT
);
CREATE INDEX IF NOT EXISTS ix_checkins_person_id_taken_at_id ON checkins (person_id, taken_at, id);
"""
_INSERT = "INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

app = FastAPI()


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(max_length=64)
    instrument: str = Field(max_length=16)
    answers: dict[str, Any]
    taken_at: str | None = Field(default=None, max_length=64)
    person_id: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)


def create_ceiling_database(path: Path) -> None:
    """The table, made before the server starts (the workers only insert)."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(CEILING_TABLE)


_local = threading.local()
_queues: dict[str, SqliteWriterQueue] = {}


def _connection() -> sqlite3.Connection:
    """One connection per request thread, tuned as Speciosa's engine tunes its own."""
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(
            os.environ[CEILING_DATABASE],
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        _local.connection = connection
    return connection


def _writer_queue() -> SqliteWriterQueue:
    path = os.environ[CEILING_DATABASE]
    if path not in _queues:
        _queues[path] = SqliteWriterQueue(Path(path), BUSY_TIMEOUT_SECONDS)
    return _queues[path]


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/checkins", status_code=201)
def record(body: CheckInIn) -> CheckInIn:
    return body


@app.post("/checkins/stored", status_code=201)
def store(body: CheckInIn) -> CheckInIn:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    answers = json.dumps(body.answers)
    row = (
        body.id,
        PERSON_ID,
        body.instrument,
        answers,
        "{}",
        sum(v for v in body.answers.values() if isinstance(v, int)),
        "mild",
        body.taken_at or now,
        now,
        PERSON_ID,
        body.note or "",
        hashlib.sha256(answers.encode()).hexdigest(),
        "current",
        None,
        None,
        "",
        "",
    )
    connection = _connection()
    queue = _writer_queue()
    held = queue.acquire()
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(_INSERT, row)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        queue.release(held)
    return body
