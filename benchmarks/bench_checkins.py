"""Check-in write throughput and latency at 32 concurrent connections (issue #9, point 5).

`POST /api/v1/checkins` on a real `speciosa serve` (SQLite in WAL mode with synchronous=FULL,
so every 201 is on disk; bearer token, scoring, audit row, alert rules) against the same
framework's bare endpoint (`benchmarks/bare_app.py`: the same JSON parse, 201), both served by
uvicorn with the same number of workers on this machine, loaded the same way from 127.0.0.1.
Goals: at least 30 % of the bare throughput, p99 under 50 ms.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

from benchmarks.harness import BenchContext, Figure
from benchmarks.load import LoadResult, run_load

NAME = "check-in writes"
CONNECTIONS = 32


def sows_items() -> list[str]:
    """The SOWS item ids, from the instrument's reference table (not a copy of them)."""
    from speciosa.bootstrap import load_reference
    from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue

    catalogue = InstrumentCatalogue.from_tables(load_reference().table)
    return [item.id for item in catalogue.get("sows").items]


PASSWORD = "benchmark password 1"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(command: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    """Run a server in its own process group; wait for /healthz; kill the group afterwards."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def body_maker(seed: int) -> Callable[[], bytes]:
    """Fresh SOWS check-ins with client-generated ids, as a phone sends them."""
    rng = random.Random(seed)
    items = sows_items()

    def make() -> bytes:
        return json.dumps(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "instrument": "sows",
                "answers": {item: rng.randint(0, 2) for item in items},
            }
        ).encode()

    return make


def seed_clinic(data_dir: Path, persons: int) -> list[str]:
    """Persons with real (full-cost) password hashes; returns their e-mails."""
    from speciosa.bootstrap import bootstrap
    from speciosa.domain.foundation.accounts import Role
    from speciosa.services.foundation.accounts import NewUser
    from speciosa.settings import Settings

    services = bootstrap(Settings.from_env({}).with_data_dir(data_dir))
    try:
        return [
            services.accounts.create_user(
                NewUser(email=f"bench{i}@example.org", role=Role.PERSON, password=PASSWORD)
            ).email
            for i in range(persons)
        ]
    finally:
        services.close()


def load_speciosa(
    ctx: BenchContext, workers: int, seconds: float, warmup: float
) -> tuple[LoadResult, int]:
    data_dir = ctx.work_dir / "data"
    emails = seed_clinic(data_dir, CONNECTIONS)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECIOSA_")}
    env["SPECIOSA_DATA_DIR"] = str(data_dir)
    command = [str(BIN / "speciosa"), "serve", "--port", str(port), "--workers", str(workers)]
    with served(command, env, port):
        tokens = []
        for email in emails:
            response = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/token",
                data={"username": email, "password": PASSWORD},
                timeout=60,
            )
            response.raise_for_status()
            tokens.append(response.json()["access_token"])
        # One person per connection, as on a clinic's phones.
        result = run_load(
            port,
            "/api/v1/checkins",
            body_maker,
            headers=lambda i: {"Authorization": f"Bearer {tokens[i % len(tokens)]}"},
            connections=CONNECTIONS,
            seconds=seconds,
            warmup=warmup,
        )
    return result, _count_checkins(data_dir)


def _count_checkins(data_dir: Path) -> int:
    import sqlite3

    with sqlite3.connect(data_dir / "speciosa.sqlite3") as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
        table = "checkins" if "checkins" in tables else None
        if table is None:
            return -1
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def load_bare(workers: int, seconds: float, warmup: float) -> LoadResult:
    port = _free_port()
    command = [
        str(BIN / "python"),
        "-m",
        "uvicorn",
        "benchmarks.bare_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-server-header",
        "--timeout-worker-healthcheck",
        "60",
    ]
    env = dict(os.environ) | {"PYTHONPATH": str(ROOT)}
    with served(command, env, port):
        return run_load(
            port,
            "/checkins",
            lambda i: body_maker(1000 + i),
            connections=CONNECTIONS,
            seconds=seconds,
            warmup=warmup,
        )


def run(ctx: BenchContext) -> list[Figure]:
    workers = max(1, os.cpu_count() or 1)
    seconds, warmup = (3.0, 1.0) if ctx.quick else (15.0, 3.0)
    bare = load_bare(workers, seconds, warmup)
    speciosa, stored = load_speciosa(ctx, workers, seconds, warmup)
    ratio = speciosa.throughput / bare.throughput if bare.throughput else 0.0
    p99 = speciosa.percentile(99) * 1000
    limit = (
        "Limited by Python CPU per request, not by the write lock any more: scoring, the access "
        "check, the token lookup and the alert rules now run before the write transaction, which "
        "holds SQLite's lock only for the inserts and the fsynced commit. Profiled in-process, a "
        "check-in costs ~9-12 ms of CPU (SQLAlchemy ORM loads, FastAPI dependency resolution, "
        "pydantic validation of the 16 answers, the audit row) against ~1 ms for the bare "
        "endpoint, and the two workers share 2 cores with the load generator, so throughput "
        "tops out near 2 cores / ~11 ms. Reaching 30 % of bare would need ~3 ms per check-in: "
        "Core-only reads on the whole path or a compiled validator; not done in this stop."
    )
    setup = (
        f"{CONNECTIONS} connections, {workers} uvicorn workers each, {seconds:g} s after "
        f"{warmup:g} s warm-up, SQLite WAL synchronous=FULL"
    )
    return [
        Figure(NAME, "bare FastAPI endpoint throughput", bare.throughput, "req/s", note=setup),
        Figure(NAME, "check-in throughput", speciosa.throughput, "req/s"),
        Figure(
            NAME,
            "check-in / bare throughput",
            ratio * 100,
            "%",
            goal="≥ 30 %",
            ok=ratio >= 0.30,
            note="" if ratio >= 0.30 else limit,
        ),
        Figure(NAME, "check-in p50 latency", speciosa.percentile(50) * 1000, "ms"),
        Figure(
            NAME,
            "check-in p99 latency",
            p99,
            "ms",
            goal="< 50 ms",
            ok=p99 < 50,
            note="" if p99 < 50 else "32 connections queue for 2 CPU-bound workers; see above.",
        ),
        Figure(NAME, "bare p99 latency", bare.percentile(99) * 1000, "ms"),
        Figure(
            NAME,
            "failed check-in requests",
            float(speciosa.failures),
            "",
            goal="0",
            ok=speciosa.failures == 0,
            note=f"statuses {dict(sorted(speciosa.statuses.items()))}; {stored} check-ins stored",
        ),
    ]
