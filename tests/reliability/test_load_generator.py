"""The benchmark's load generator: bounded in time and count, stops by itself, counts right."""

from __future__ import annotations

import time

from benchmarks.bare_app import app
from benchmarks.bench_checkins import body_maker
from benchmarks.load import run_load

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
