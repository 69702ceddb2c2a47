"""Engine construction: SQLite tuned for a small clinic server, or PostgreSQL.

SQLite settings and why:
- WAL: readers never block the writer and the writer never blocks readers.
- synchronous=FULL: in WAL mode NORMAL may lose the last transactions on power loss; a 2xx for a
  check-in must mean it is on disk, so every commit is fsynced.
- foreign_keys=ON: SQLite leaves them off unless asked, per connection.
- busy_timeout: a writer waits for the lock instead of failing with "database is locked".
- BEGIN IMMEDIATE for write transactions: a deferred transaction that reads first and upgrades
  to a write lock later can fail at once with SQLITE_BUSY (busy_timeout does not apply to that
  upgrade); taking the write lock up front makes concurrent writers queue instead.
- Writers queue in Python before BEGIN IMMEDIATE (write_lock.py): SQLite's busy handler sleeps
  up to 100 ms between tries, which under many concurrent writers left the lock idle and pushed
  the p99 latency to seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool

from speciosa.adapters.db.write_lock import SqliteWriterQueue
from speciosa.adapters.file_modes import secure_sqlite_file

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_POOL_SIZE = 40
READ_ONLY_OPTION = "speciosa_read_only"
_QUEUED = "speciosa_writer_queue"


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_db_engine(url: str, *, pool_size: int = 10) -> Engine:
    if is_sqlite(url):
        return _create_sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size * 2)


def _create_sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    memory = database in (None, "", ":memory:")
    if not memory:
        # A fresh data dir is created on first use ("speciosa serve" on an empty dir just works),
        # 0700, with the database file made 0600 before SQLite opens it: SQLite gives its -wal,
        # -shm and -journal files the database file's own mode.
        secure_sqlite_file(Path(str(database)).expanduser())
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    if memory:
        # An in-memory database lives and dies with its connection: share exactly one.
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)
    else:
        # One connection per request thread (the server's thread pool is 40 wide): with the
        # default pool of 5 + 10, request threads queued for a connection under load.
        engine = create_engine(
            url, connect_args=connect_args, pool_size=SQLITE_POOL_SIZE, max_overflow=10
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    queue = (
        None if memory else SqliteWriterQueue(Path(str(database)), SQLITE_BUSY_TIMEOUT_MS / 1000)
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        if read_only or queue is None:
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
            return
        # Writers queue first (see write_lock.py), then take SQLite's write lock at once.
        held = queue.acquire()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            queue.release(held)
            raise
        conn.info[_QUEUED] = held

    # SQLAlchemy's commit/rollback events fire before the DBAPI call; a queued writer finishes
    # its transaction here itself, so that the next writer is let in only once it is over.
    @event.listens_for(engine, "commit")
    def _on_commit(conn: Connection) -> None:
        held = conn.info.get(_QUEUED)
        if held is None or queue is None:
            return
        raw = conn.connection.dbapi_connection
        if raw is not None and raw.in_transaction:
            raw.execute("COMMIT")  # on failure the queue stays held until the rollback
        del conn.info[_QUEUED]
        queue.release(held)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: Connection) -> None:
        held = conn.info.pop(_QUEUED, None)
        if held is None or queue is None:
            return
        try:
            raw = conn.connection.dbapi_connection
            if raw is not None and raw.in_transaction:
                raw.execute("ROLLBACK")
        finally:
            queue.release(held)

    return engine


def read_only_engine(engine: Engine) -> Engine:
    """The same pool, marked so that transactions begin deferred (shared read) on SQLite."""
    return engine.execution_options(**{READ_ONLY_OPTION: True})
