"""The tests' own way into the database. The app's `Services` hand out no engine and no unit of
work (pages and commands go through services, which check access and audit), so a test that must
seed a state no route makes, or look at rows no route shows, opens the same database itself from
the settings, with the app's own adapters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from speciosa.adapters.db.engine import create_db_engine
from speciosa.adapters.db.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory
from speciosa.bootstrap import Services


@contextmanager
def database_engine(services: Services) -> Iterator[Engine]:
    """An engine of its own on the database behind `services`, disposed on leaving."""
    engine = create_db_engine(services.settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def unit_of_work(services: Services, *, read_only: bool = False) -> Iterator[SqlUnitOfWork]:
    """A unit of work on the database behind `services` (commit it to keep a write)."""
    with (
        database_engine(services) as engine,
        SqlUnitOfWorkFactory(engine)(read_only=read_only) as uow,
    ):
        yield uow


@contextmanager
def open_connection(services: Services, *, write: bool = False) -> Iterator[Connection]:
    """A plain connection for SQL the repositories do not offer; `write` commits on leaving."""
    with database_engine(services) as engine, engine.begin() if write else engine.connect() as conn:
        yield conn
