"""A small closed-loop HTTP/1.1 load generator: N keep-alive connections on 127.0.0.1.

Each connection sends one request, waits for the whole answer, and sends the next, until the
time or the request budget is spent; requests in the warm-up are not counted. Written on asyncio
streams (no client library) so that the generator costs the machine as little as possible, and
the same for the app and its baseline.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, counted requests only
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def failures(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


def _request(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


async def _connection(
    port: int,
    path: str,
    headers: dict[str, str],
    make_body: Callable[[], bytes],
    counting_from: float,
    until: float,
    budget: list[int],
    result: LoadResult,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until and budget[0] > 0:
            budget[0] -= 1
            payload = _request(path, make_body(), headers)
            started = time.perf_counter()
            writer.write(payload)
            await writer.drain()
            status = await _read_response(reader)
            finished = time.perf_counter()
            if started >= counting_from:
                result.latencies.append(finished - started)
                result.statuses[status] = result.statuses.get(status, 0) + 1
    finally:
        writer.close()


async def _run(
    port: int,
    path: str,
    headers: Callable[[int], dict[str, str]],
    make_body: Callable[[int], Callable[[], bytes]],
    connections: int,
    warmup: float,
    seconds: float,
    max_requests: int,
) -> LoadResult:
    result = LoadResult()
    start = time.perf_counter()
    counting_from = start + warmup
    until = counting_from + seconds
    budget = [max_requests]
    await asyncio.gather(
        *(
            _connection(port, path, headers(i), make_body(i), counting_from, until, budget, result)
            for i in range(connections)
        )
    )
    result.seconds = min(time.perf_counter(), until) - counting_from
    return result


def run_load(
    port: int,
    path: str,
    make_body: Callable[[int], Callable[[], bytes]],
    *,
    headers: Callable[[int], dict[str, str]] = lambda _i: {},
    connections: int = 32,
    warmup: float = 1.0,
    seconds: float = 10.0,
    max_requests: int = 200_000,
) -> LoadResult:
    """Closed-loop load for `warmup + seconds` at most; stops by itself. Connection i sends the
    bodies of `make_body(i)` with the headers `headers(i)`.

    The event loop runs in a thread of its own, so a caller that already has a loop running in
    its thread (Playwright's sync API in a test session, say) can use it too."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            asyncio.run,
            _run(port, path, headers, make_body, connections, warmup, seconds, max_requests),
        ).result()
