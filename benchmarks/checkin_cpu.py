"""CPU per check-in write, measured in-process (issue 17, point 4).

The app is called through ASGI directly (no sockets, no HTTP parser, no load generator), one
request after another, on SQLite in a temporary data dir, and the process CPU time
(`time.process_time`, all threads) is divided by the number of requests, batch by batch. Other
sessions on a shared machine inflate CPU time too (caches, shared cores: identical runs here
varied 2-4 ms), never deflate it, so the best batch is the figure, with the median beside it.

32 persons each record SOWS check-ins `SPACING` apart (as `bench_checkins` sends them), so the
alert rules read a realistic 14-day window. `python -m benchmarks.checkin_cpu --profile` prints
a cProfile of the same requests (the thread pool is run inline then, so that the profiler sees
the route's work; the figure is taken through the real thread pool).

Usage: python -m benchmarks.checkin_cpu [--requests N] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.bench_checkins import CONNECTIONS, PASSWORD, body_maker

BATCH = 100
COUNTED = 200
Scope = MutableMapping[str, Any]
App = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Any]


async def _post(app: App, path: str, body: bytes, token: str) -> int:
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status: list[int] = []

    async def receive() -> Any:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)  # pragma: no cover - the app reads the body once

    async def send(message: Any) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


@contextmanager
def _thread_pool_inline() -> Iterator[None]:
    """Run FastAPI's thread-pool calls on the event loop's thread, for cProfile only."""
    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    modules = (
        starlette.concurrency,
        fastapi.routing,
        fastapi.dependencies.utils,
        fastapi.concurrency,
    )
    saved = [m.run_in_threadpool for m in modules]
    for m in modules:
        m.run_in_threadpool = inline  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for m, original in zip(modules, saved, strict=True):
            m.run_in_threadpool = original  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CpuPerRequest:
    """Milliseconds of CPU per check-in over batches of `BATCH` requests: the best batch (what
    the code costs; other sessions on a shared machine only ever add to it) and the median."""

    best: float
    median: float
    batches: int
    calls: float  # Python function calls per check-in


def measure(requests: int = 600, profile: bool = False) -> CpuPerRequest:
    """CPU per check-in POST after 64 warm-up requests; prints a profile if asked."""
    from speciosa.bootstrap import bootstrap
    from speciosa.domain.foundation.accounts import Role
    from speciosa.domain.foundation.sessions import SessionKind
    from speciosa.entrypoints.app import create_app
    from speciosa.services.foundation.accounts import NewUser
    from speciosa.settings import Settings

    with tempfile.TemporaryDirectory(prefix="speciosa-checkin-cpu-") as work:
        settings = replace(
            Settings.from_env({}).with_data_dir(Path(work) / "data"), fast_password_hashing=True
        )
        services = bootstrap(settings)
        try:
            tokens = []
            for i in range(CONNECTIONS):
                email = f"cpu{i}@example.org"
                services.accounts.create_user(
                    NewUser(email=email, role=Role.PERSON, password=PASSWORD)
                )
                signed_in = services.auth.sign_in(email, PASSWORD, "127.0.0.1", SessionKind.API)
                tokens.append(signed_in.token)
            app: App = create_app(settings, services)
            makers = [body_maker(3000 + i) for i in range(CONNECTIONS)]
            return asyncio.run(_run(app, tokens, makers, requests, profile))
        finally:
            services.close()


async def _run(
    app: App, tokens: list[str], makers: list[Callable[[], bytes]], requests: int, profile: bool
) -> CpuPerRequest:
    path = "/api/v1/checkins"

    async def post(i: int, body: bytes) -> None:
        status = await _post(app, path, body, tokens[i % len(tokens)])
        if status != 201:
            raise RuntimeError(f"check-in answered {status}")

    for i in range(64):
        await post(i, makers[i % len(makers)]())
    batches: list[float] = []
    for first in range(0, requests, BATCH):
        bodies = [makers[i % len(makers)]() for i in range(first, min(requests, first + BATCH))]
        started = time.process_time()
        for i, body in enumerate(bodies, start=first):
            await post(i, body)
        batches.append((time.process_time() - started) / len(bodies) * 1000)
    # Function calls counted by cProfile: a figure no other load on the machine can change.
    counted = [makers[i % len(makers)]() for i in range(COUNTED)]
    profiler = cProfile.Profile()
    with _thread_pool_inline():
        profiler.enable()
        for i, body in enumerate(counted):
            await post(i, body)
        profiler.disable()
    stats = pstats.Stats(profiler)
    if profile:
        stats.sort_stats("cumulative").print_stats(60)
    return CpuPerRequest(
        best=min(batches),
        median=statistics.median(batches),
        batches=len(batches),
        calls=stats.total_calls / COUNTED,  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    cpu = measure(args.requests, args.profile)
    print(
        f"CPU per check-in: best batch {cpu.best:.2f} ms, median {cpu.median:.2f} ms "
        f"({cpu.batches} batches of {BATCH}); {cpu.calls:.0f} Python function calls"
    )


if __name__ == "__main__":
    main()
