"""PostgreSQL: pg_dump from one exported snapshot, pg_restore into an empty database.

The table digests of the manifest are taken inside a REPEATABLE READ transaction whose snapshot
is exported and handed to `pg_dump --snapshot`, so the manifest describes exactly what the dump
holds while the server keeps taking writes. pg_dump must be at least the server's major version;
Debian installs each version's client tools under /usr/lib/postgresql/N/bin
(package postgresql-client-N).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import make_url

from speciosa.adapters.backup.tables import table_digests, table_names
from speciosa.domain.foundation.backup import TableCount
from speciosa.domain.foundation.errors import InvalidInput

TOOL_TIMEOUT_SECONDS = 6 * 3600
DEBIAN_TOOLS = Path("/usr/lib/postgresql")


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the tools (password passed in the environment, not argv)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _version_of(tool: Path) -> int | None:
    try:
        # The tool is one of PostgreSQL's own client programs, found by path; no shell.
        out = subprocess.run(  # noqa: S603
            [str(tool), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def find_tool(name: str, server_major: int) -> Path:
    """The client tool for this server: the same major version, else the nearest newer one."""
    candidates: dict[int, Path] = {}
    for directory in DEBIAN_TOOLS.glob("*/bin"):
        tool = directory / name
        if tool.exists() and directory.parent.name.isdigit():
            candidates.setdefault(int(directory.parent.name), tool)
    on_path = shutil.which(name)
    if on_path:
        version = _version_of(Path(on_path))
        if version is not None:
            candidates.setdefault(version, Path(on_path))
    usable = sorted(v for v in candidates if v >= server_major)
    if not usable:
        raise InvalidInput(
            f"{name} for PostgreSQL {server_major} or newer is not installed (found "
            f"{sorted(candidates) or 'none'}). Install it, e.g. apt-get install "
            f"postgresql-client-{server_major}.",
            field=name,
        )
    return candidates[usable[0]]


def server_major(connection: sa.Connection) -> int:
    number = connection.exec_driver_sql("SHOW server_version_num").scalar_one()
    return int(number) // 10000


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    # pg_dump/pg_restore found by path, arguments from our own settings; no shell.
    done = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
    )
    if done.returncode != 0:
        raise InvalidInput(f"{what} failed: {done.stderr.strip()[-800:]}", field=what)


def dump(engine: sa.Engine, destination: Path) -> tuple[dict[str, TableCount], tuple[str, ...]]:
    target, env = libpq_target(engine.url.render_as_string(hide_password=False))
    with engine.connect() as raw:
        connection = raw.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
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
            pg_dump = find_tool("pg_dump", server_major(connection))
            # The snapshot lives as long as this transaction: pg_dump runs inside it.
            _run(
                [
                    str(pg_dump),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={destination}",
                    f"--dbname={target}",
                ],
                env,
                "pg_dump",
            )
    return tables, revisions


def target_problems(engine: sa.Engine) -> list[str]:
    with engine.connect() as connection:
        names = table_names(connection)
    if names:
        return [f"the database {engine.url.database} already holds {len(names)} tables"]
    return []


def restore(engine: sa.Engine, dump_file: Path) -> None:
    target, env = libpq_target(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        pg_restore = find_tool("pg_restore", server_major(connection))
    _run(
        [
            str(pg_restore),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={target}",
            str(dump_file),
        ],
        env,
        "pg_restore",
    )


def describe(engine: sa.Engine) -> dict[str, TableCount]:
    with engine.connect() as connection:
        return table_digests(connection)


_OBJECT_QUERIES = {
    "view": "SELECT quote_ident(viewname) FROM pg_views WHERE schemaname = current_schema()",
    "table": "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()",
    "sequence": (
        "SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = current_schema()"
    ),
    "function": (
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
    ),
    "type": (
        "SELECT quote_ident(t.typname) FROM pg_type t JOIN pg_namespace n "
        "ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')"
    ),
}


def schema_objects(engine: sa.Engine) -> dict[str, set[str]]:
    """Names of the views, tables, sequences, functions and types in the current schema."""
    with engine.connect() as connection:
        return {
            kind: {str(n) for n in connection.exec_driver_sql(query).scalars()}
            for kind, query in _OBJECT_QUERIES.items()
        }


def drop_objects_since(engine: sa.Engine, before: dict[str, set[str]]) -> None:
    """Undo a restore whose check failed: drop what it created, leaving the schema as it was."""
    now = schema_objects(engine)
    with engine.begin() as connection:
        for kind in _OBJECT_QUERIES:  # views before tables before sequences, functions, types
            for name in sorted(now[kind] - before.get(kind, set())):
                # Names come from the catalogue, quoted by the server (quote_ident/regprocedure).
                connection.exec_driver_sql(f"DROP {kind.upper()} IF EXISTS {name} CASCADE")
