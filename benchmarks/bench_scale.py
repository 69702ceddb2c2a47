"""Flat request cost as a regional programme grows (issue 17): the same requests at 2,000 and at
20,000 persons × 365 days on PostgreSQL (and 2,000 on SQLite), each figure beside its ratio
large/small, plus the seeding time and the cohort export's peak memory.

The data comes from benchmarks/dataset.py (COPY on PostgreSQL). Requests go through the whole
app in-process (TestClient): a clinician's dashboard, person page, timeline and report, the
check-in and dose lists of the API, and a person's own audit list. The export runs as a fresh
`speciosa export cohort --format parquet` process; its peak RSS comes from wait4().
Goals: p95 ≤ 100 ms at the large size on PostgreSQL, ratio ≤ 1.5; export RSS ≤ 500 MB.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text

from benchmarks.database import database_engine
from benchmarks.dataset import PASSWORD, seed
from benchmarks.dataset_rows import person_email
from benchmarks.harness import BenchContext, Figure
from speciosa.bootstrap import Services, bootstrap
from speciosa.entrypoints.app import create_app
from speciosa.settings import Settings

NAME = "scale"
P95_GOAL_MS = 100.0
RATIO_GOAL = 1.5
EXPORT_RSS_GOAL_MB = 500.0
EXPORT_ARGS = ("export", "cohort", "--format", "parquet")


@dataclass(frozen=True)
class Sizes:
    small: int
    large: int
    days: int
    runs: int  # timed requests per route


FULL = Sizes(2_000, 20_000, 365, 40)
QUICK = Sizes(20, 60, 14, 5)  # checks the wiring and the table in seconds; not a measurement


@dataclass(frozen=True)
class Measured:
    """One size on one backend: figures by measure name, in a fixed order."""

    label: str
    values: dict[str, float]
    units: dict[str, str]
    costs: dict[str, str] = field(default_factory=dict)  # what one request did, in words


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def _sign_in_web(client: TestClient, email: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
    assert token is not None, "the sign-in page has no CSRF token"
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token[1]})


def _bearer(client: TestClient, email: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


class StatementCount:
    """SQL statements sent by any engine of this process while counting (the app's requests run
    in this process through TestClient), to say what a request costs beside how long it took."""

    def __init__(self) -> None:
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)


def _time(get: Callable[[], int], runs: int) -> tuple[float, str]:
    """p95 in ms, and in words the p50 and the SQL statements of one more request."""
    for _ in range(2):  # warm caches and the first missed-check-in pass
        get()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        status = get()
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, f"status {status}"
    counter = StatementCount()
    try:
        get()
    finally:
        counter.close()
    return p95(samples), f"p50 {statistics.median(samples):.1f} ms, {counter.count} SQL statements"


def _requests(services: Services, email: str, runs: int) -> dict[str, tuple[float, str]]:
    with database_engine(services) as engine, engine.connect() as connection:
        person = connection.scalar(
            text("SELECT u.id FROM users u WHERE u.email = :e"), {"e": person_email(1)}
        )
    pages = {
        "GET /clinic": "/clinic",
        "GET person page": f"/clinic/persons/{person}",
        "GET timeline": f"/clinic/persons/{person}/timeline",
        "GET report": f"/clinic/persons/{person}/report",
    }
    figures: dict[str, tuple[float, str]] = {}
    with TestClient(create_app(services.settings, services)) as web:
        _sign_in_web(web, email)
        for measure, path in pages.items():
            figures[measure] = _time(lambda p=path: web.get(p).status_code, runs)  # type: ignore[misc]
    with TestClient(create_app(services.settings, services)) as api:
        clinician, own = _bearer(api, email), _bearer(api, person_email(1))
        api_paths = {
            "API check-in list": (f"/api/v1/checkins?person_id={person}", clinician),
            "API dose list": (f"/api/v1/doses?person_id={person}", clinician),
            "API audit list": ("/api/v1/audit", own),
        }
        for measure, (path, headers) in api_paths.items():
            figures[measure] = _time(
                lambda p=path, h=headers: api.get(p, headers=h).status_code,  # type: ignore[misc]
                runs,
            )
    return figures


# Runs the command in the child and writes the child's own peak RSS (VmHWM, kB) on the way out.
# Not wait4()'s ru_maxrss: Linux carries a forked child's high-water mark over from the parent
# (measured: after the other benchmarks of a whole run, 664 MB reported for every size), while
# VmHWM belongs to the memory the command itself mapped after exec.
_PEAK_PROBE = """
import atexit, runpy, sys
def _peak(path):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak, sys.argv[1])
sys.argv = ["speciosa", *sys.argv[2:]]
runpy.run_module("speciosa", run_name="__main__")
"""


def _export_rss(settings: Settings, out: Path) -> tuple[float, float]:
    """Peak RSS (MB) and wall time (s) of a fresh `speciosa export cohort` process."""
    env = {
        **os.environ,
        "SPECIOSA_DATA_DIR": str(settings.data_dir),
        "SPECIOSA_DATABASE_URL": settings.database_url,
    }
    out.parent.mkdir(parents=True, exist_ok=True)  # PostgreSQL made no SQLite file there
    peak = out.with_suffix(".peak-kb")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_PROBE, str(peak), *EXPORT_ARGS, "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, "the cohort export failed"
    return int(peak.read_text()) / 1024, seconds


def measure(settings: Settings, label: str, persons: int, days: int, runs: int) -> Measured:
    services = bootstrap(settings)
    try:
        report = seed(services, persons, days)
        values = {"seeding time": report.seconds, "seeding rate": report.rows_per_second}
        timed = _requests(services, report.first_clinician_email, runs)
        values |= {measure: p95_ms for measure, (p95_ms, _) in timed.items()}
        costs = {measure: words for measure, (_, words) in timed.items()}
    finally:
        services.close()
    rss, seconds = _export_rss(settings, settings.data_dir / "cohort.parquet")
    values |= {"export cohort peak RSS": rss, "export cohort time": seconds}
    units = {"seeding time": "s", "seeding rate": "rows/s", "export cohort peak RSS": "MB"}
    units["export cohort time"] = "s"
    return Measured(f"{label} {persons:,}×{days} d", values, units, costs)


def _goal(measure: str) -> tuple[str, Callable[[float], bool] | None]:
    """The issue's goal for a figure at the large size, and its test; none for the rest."""
    if measure.startswith(("GET", "API")):
        return f"p95 ≤ {P95_GOAL_MS:g} ms", lambda v: v <= P95_GOAL_MS
    if measure == "export cohort peak RSS":
        return f"≤ {EXPORT_RSS_GOAL_MB:g} MB", lambda v: v <= EXPORT_RSS_GOAL_MB
    return "", None


def figures_of(backend: str, small: Measured, large: Measured | None) -> list[Figure]:
    """Each figure at each size, then its ratio large/small (the goal is on request costs).
    Labels read e.g. "GET /clinic, PostgreSQL 20,000×365 d"; a request's note says what one
    such request cost (p50, SQL statements) at each size."""
    out: list[Figure] = []
    for measure, value in small.values.items():
        unit = small.units.get(measure, "ms")
        alone = small.costs.get(measure, "") if large is None else ""
        out.append(Figure(NAME, f"{measure}, {small.label}", value, unit, note=alone))
        if large is None:
            continue
        big = large.values[measure]
        goal, check = _goal(measure)
        ok = check(big) if check else None
        costs = "the export process's own peak (VmHWM)" if measure.endswith("RSS") else ""
        if measure in large.costs:
            costs = f"{small.label}: {small.costs[measure]}; {large.label}: {large.costs[measure]}"
        out.append(Figure(NAME, f"{measure}, {large.label}", big, unit, goal, ok, costs))
        ratio = big / value if value else float("nan")
        is_request = measure.startswith(("GET", "API"))
        out.append(
            Figure(
                NAME,
                f"{measure}, {backend} ratio large/small",
                ratio,
                "×",
                f"≤ {RATIO_GOAL:g}" if is_request else "",
                ratio <= RATIO_GOAL if is_request else None,
                costs if is_request and ratio > RATIO_GOAL else "",
            )
        )
    return out


def run(ctx: BenchContext) -> list[Figure]:
    from benchmarks.bench_dashboard import postgres_settings

    sizes = QUICK if ctx.quick else FULL

    def settings_in(name: str) -> Settings:
        base = Settings.from_env({}).with_data_dir(ctx.work_dir / name)
        return replace(base, fast_password_hashing=True)

    figures = figures_of(
        "SQLite",
        measure(settings_in("sqlite"), "SQLite", sizes.small, sizes.days, sizes.runs),
        None,
    )
    measured: list[Measured] = []
    for persons in (sizes.small, sizes.large):
        with postgres_settings(settings_in(f"pg-{persons}")) as pg:
            if pg is None:
                figures.append(Figure(NAME, "PostgreSQL", 0, "", note="PostgreSQL not installed"))
                return figures
            measured.append(measure(pg, "PostgreSQL", persons, sizes.days, sizes.runs))
    return figures + figures_of("PostgreSQL", measured[0], measured[1])
