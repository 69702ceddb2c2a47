"""One writer at a time per SQLite file, queued without SQLite's sleeping busy handler.

SQLite allows one write transaction at a time. A writer that finds the lock taken waits in the
busy handler, which sleeps 1, 2, 5, 10, … up to 100 ms between tries: with dozens of request
threads contending, the lock sits idle while its waiters sleep, throughput collapses and the p99
latency reaches seconds (measured: benchmarks/bench_checkins.py). So writers queue before they
ask SQLite: on a lock shared by the threads of this process, then on an advisory flock() of the
database's folder shared by the worker processes (released by the kernel when a process dies, so
a kill -9 leaves nothing stale; no file is created). SQLite's own locking still guards the data;
this only orders the writers. A thread that cannot get its process's turn within the busy timeout
goes on to SQLite's own handling (which then reports "database is locked" as before).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

# Between tries for another process's flock: short, since at most one thread per process polls.
_POLL_SECONDS = (0.0002, 0.0005, 0.001, 0.002)


class SqliteWriterQueue:
    def __init__(self, database: Path, timeout_seconds: float) -> None:
        self._folder = database.parent
        self._timeout = timeout_seconds
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = -1

    def _folder_fd(self) -> int:
        # A worker forked or spawned from this process must open its own descriptor: flock()
        # locks belong to the open file description, which a fork would share.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self._folder, os.O_RDONLY)
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> int:
        """Queue for the write lock; returns what is held (0 none, 1 threads, 2 both), for
        `release`. Bounded by the busy timeout: never waits for ever."""
        deadline = time.monotonic() + self._timeout
        if not self._threads.acquire(timeout=self._timeout):
            return 0
        fd = self._folder_fd()
        attempt = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return 2
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return 1
                time.sleep(_POLL_SECONDS[min(attempt, len(_POLL_SECONDS) - 1)])
                attempt += 1

    def release(self, held: int) -> None:
        if held >= 2 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        if held >= 1:
            self._threads.release()
