"""Migrations run from empty on SQLite and PostgreSQL, match the row classes exactly, and the
server refuses a database that is behind them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.adapters.db.rows import Base
from speciosa.bootstrap import bootstrap
from speciosa.settings import Settings
from tests.support.database import open_connection


def test_upgrade_from_empty_creates_every_table(db_settings: Settings) -> None:
    engine = create_db_engine(db_settings.database_url)
    try:
        assert migrate.state(engine).empty
        migrate.upgrade(engine)
        state = migrate.state(engine)
        assert state.up_to_date
        tables = set(sa.inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_migrations_match_the_row_classes(db_settings: Settings) -> None:
    engine = create_db_engine(db_settings.database_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(db_settings: Settings) -> None:
    engine = create_db_engine(db_settings.database_url)
    config = migrate.alembic_config()
    try:
        migrate.upgrade(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not migrate.state(engine).current
        migrate.upgrade(engine)
        assert migrate.state(engine).up_to_date
    finally:
        engine.dispose()


def test_a_database_behind_its_migrations_is_refused_with_the_command_to_run(
    db_settings: Settings,
) -> None:
    engine = create_db_engine(db_settings.database_url)
    config = migrate.alembic_config()
    try:
        migrate.upgrade(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            # Back to the foundation: every feature's downgrade runs, and the database is behind.
            command.downgrade(config, "0001_foundation")
        with pytest.raises(migrate.DatabaseBehind, match="speciosa db upgrade"):
            bootstrap(db_settings)
    finally:
        engine.dispose()


def test_the_audit_log_is_append_only(db_settings: Settings) -> None:
    services = bootstrap(db_settings)
    try:
        with open_connection(services, write=True) as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO audit_events (at, actor_role, action, resource, address, detail) "
                    "VALUES (:at, 'admin', 'read', 'x', '', '')"
                ),
                {"at": datetime(2026, 1, 1, tzinfo=UTC)},
            )
        for statement in ("UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events"):
            with (
                pytest.raises(sa.exc.DatabaseError, match="append-only"),
                open_connection(services, write=True) as c,
            ):
                c.execute(sa.text(statement))
        with open_connection(services) as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 1
    finally:
        services.close()


def test_sqlite_is_tuned_for_durability_and_concurrency(settings: Settings) -> None:
    engine = create_db_engine(settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 2,
            "busy_timeout": 30000,
        }
    finally:
        engine.dispose()
