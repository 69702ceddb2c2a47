"""Insert-if-absent that turns a concurrent duplicate into "already there", never a 500."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.base import Base


def add_unless_exists(session: Session, row: Base) -> bool:
    """Insert `row` inside a savepoint; False when a unique constraint says it exists already.

    Checking first and inserting second races under concurrency (two requests with the same
    client id both see nothing); the unique constraint is the arbiter, the savepoint keeps the
    surrounding transaction usable after the violation.
    """
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def insert_unless_exists(session: Session, table: Table, values: Mapping[str, Any]) -> bool:
    """The same as `add_unless_exists` for hot paths: one `INSERT … ON CONFLICT DO NOTHING
    RETURNING key` (SQLite and PostgreSQL both have it) instead of a savepoint and an ORM flush;
    True when the row was inserted, False when a unique constraint said it exists already.

    Whether a row came back is the test, not `rowcount`: psycopg reports -1 for this statement
    (measured), which would read as "inserted" and let a duplicate pass as new."""
    # On the session's connection (same transaction): a Core statement, so the ORM's bulk-insert
    # machinery is not run for it (~0.1 ms per insert, measured on the check-in write).
    connection = session.connection()
    result = connection.execute(_insert_ignoring(connection.dialect.name, table), values)
    return result.first() is not None


@lru_cache(maxsize=64)
def _insert_ignoring(dialect: str, table: Table) -> Executable:
    # Built once per table; the values travel as parameters, so the compiled form is cached too.
    key = list(table.primary_key.columns)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing().returning(*key)
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing().returning(*key)
    raise NotImplementedError(dialect)  # pragma: no cover - the two supported backends
