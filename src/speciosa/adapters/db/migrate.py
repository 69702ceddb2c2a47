"""Running Alembic migrations and refusing to serve a database that is behind them."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from speciosa.adapters.db.engine import create_db_engine
from speciosa.domain.foundation.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseBehind(DomainError):
    slug = "database-behind"
    title = "The database needs upgrading"


@dataclass(frozen=True)
class MigrationState:
    current: frozenset[str]
    expected: frozenset[str]
    empty: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.expected


def alembic_config() -> Config:
    # Alembic (and Mako) load only to change the schema: checking that a database is current,
    # which every process does at start-up, needs neither.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, target: str = "heads") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _revisions(value: ast.expr | None) -> tuple[str, ...]:
    found = ast.literal_eval(value) if value is not None else None
    if found is None:
        return ()
    return (found,) if isinstance(found, str) else tuple(found)


@lru_cache(maxsize=1)
def expected_heads() -> frozenset[str]:
    """The revisions no other revision builds on, read from each script's `revision` and
    `down_revision` assignments — what Alembic's ScriptDirectory.get_heads() returns (a test
    holds the two equal), without importing Alembic."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for node in ast.parse(script.read_text("utf-8")).body:
            if isinstance(node, ast.AnnAssign | ast.Assign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                if "revision" in names:
                    revisions.update(_revisions(node.value))
                if "down_revision" in names:
                    built_on.update(_revisions(node.value))
    return frozenset(revisions - built_on)


def current_heads(connection: Connection) -> frozenset[str]:
    """The revisions recorded in the database (Alembic's version table; none if absent)."""
    if not inspect(connection).has_table("alembic_version"):
        return frozenset()
    return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def state(engine: Engine) -> MigrationState:
    with engine.connect() as connection:
        current = current_heads(connection)
        empty = not inspect(connection).get_table_names()
    return MigrationState(current=current, expected=expected_heads(), empty=empty)


def prepare(engine: Engine) -> MigrationState:
    """Create an empty database's schema; refuse one that is behind, saying what to run."""
    found = state(engine)
    if found.empty:
        upgrade(engine)
        return state(engine)
    if not found.up_to_date:
        raise DatabaseBehind(
            "The database is behind this version of Speciosa "
            f"(at {', '.join(sorted(found.current)) or 'no revision'}, needs "
            f"{', '.join(sorted(found.expected))}). Back it up, then run: speciosa db upgrade"
        )
    return found


def upgrade_to_heads(engine: Engine) -> MigrationState:
    upgrade(engine)
    return state(engine)


def on_database(url: str, act: Callable[[Engine], MigrationState]) -> MigrationState:
    """`act` on an engine of its own, disposed after (commands that run once: upgrade, status)."""
    engine = create_db_engine(url)
    try:
        return act(engine)
    finally:
        engine.dispose()
