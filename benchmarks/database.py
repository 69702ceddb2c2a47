"""The benchmarks' own way into the database, for bulk seeding and lookups no route offers: the
app's `Services` hand out no engine (pages and commands go through services, which check access
and audit), so a benchmark opens the same database itself, from the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from speciosa.adapters.db.engine import create_db_engine
from speciosa.bootstrap import Services


@contextmanager
def database_engine(services: Services) -> Iterator[Engine]:
    """An engine of its own on the database behind `services`, disposed on leaving."""
    engine = create_db_engine(services.settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()
