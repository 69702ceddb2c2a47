"""Running Alembic migrations and refusing to serve a database that is behind them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from speciosa.domain.errors import DomainError

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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, target: str = "heads") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def state(engine: Engine) -> MigrationState:
    expected = frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.connect() as connection:
        current = frozenset(MigrationContext.configure(connection).get_current_heads())
        empty = not inspect(connection).get_table_names()
    return MigrationState(current=current, expected=expected, empty=empty)


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
