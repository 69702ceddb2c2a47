"""SQLite: a consistent copy of a live database with SQLite's online backup API, and its restore.

The backup API copies the database page by page inside one read transaction (in WAL mode a
snapshot: writers carry on, the copy is as of one moment), so a server may keep running. The copy
is switched to a rollback journal so that it is one self-contained file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import make_url

from speciosa.adapters.backup.tables import table_digests, table_names
from speciosa.adapters.db.engine import SQLITE_BUSY_TIMEOUT_MS
from speciosa.domain.foundation.backup import TableCount

SIDE_FILES = ("-wal", "-shm", "-journal")


def database_path(url: str) -> Path:
    database = make_url(url).database
    if database in (None, "", ":memory:"):
        raise ValueError("an in-memory SQLite database cannot be backed up or restored")
    return Path(str(database)).expanduser()


def copy_online(source: Path, destination: Path) -> None:
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    for suffix in SIDE_FILES:
        assert not Path(f"{destination}{suffix}").exists(), "the copy is not self-contained"


def describe(path: Path) -> tuple[dict[str, TableCount], tuple[str, ...]]:
    """Table digests and Alembic revisions of a database file (read-only use)."""
    engine = sa.create_engine(f"sqlite+pysqlite:///{path}")
    try:
        with engine.connect() as connection:
            tables = table_digests(connection)
            revisions: tuple[str, ...] = ()
            if "alembic_version" in tables:
                revisions = tuple(
                    sorted(
                        str(r)
                        for r in connection.exec_driver_sql(
                            "SELECT version_num FROM alembic_version"
                        ).scalars()
                    )
                )
    finally:
        engine.dispose()
    return tables, revisions


def target_problems(path: Path) -> list[str]:
    """Why `path` is not an empty restore target ([] when it is)."""
    if not path.exists() or path.stat().st_size == 0:
        return []
    engine = sa.create_engine(f"sqlite+pysqlite:///{path}")
    try:
        with engine.connect() as connection:
            names = table_names(connection)
    finally:
        engine.dispose()
    if names:
        return [f"the database {path} already holds {len(names)} tables"]
    return []


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own full check of a database file ([] when it is sound)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"the database file is not a sound SQLite database ({error})"]
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else [f"SQLite's integrity check: {'; '.join(found[:5])}"]


def place(snapshot: Path, target: Path) -> None:
    """Put the restored file in place atomically, durably, 0600, with no stale journal beside it.

    The snapshot is staged in the data dir, so it is renamed into place when the database lives
    there too; otherwise it is copied beside the target first (a rename must not cross devices).
    """
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in SIDE_FILES:
        # Side files of an empty (or absent) database; left there they would be replayed into
        # the restored one.
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    staging = target.with_name(f"{target.name}.restoring")
    staging.unlink(missing_ok=True)
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, open(snapshot, "rb") as source:
        while chunk := source.read(1024 * 1024):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(staging, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
