"""Insert-if-absent that turns a concurrent duplicate into "already there", never a 500."""

from __future__ import annotations

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
