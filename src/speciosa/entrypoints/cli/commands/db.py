"""`speciosa db upgrade|status` — migrations."""

from __future__ import annotations

import typer

from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.entrypoints.cli.output import emit_json
from speciosa.settings import Settings

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command()
def upgrade(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Bring the database up to date with this version (creates it when missing)."""
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        state = migrate.state(engine)
    finally:
        engine.dispose()
    if json:
        emit_json({"revision": sorted(state.current), "up_to_date": state.up_to_date})
    else:
        typer.echo(f"database at {', '.join(sorted(state.current))}")


@app.command()
def status(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Say whether the database is up to date."""
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    try:
        state = migrate.state(engine)
    finally:
        engine.dispose()
    if json:
        emit_json(
            {
                "current": sorted(state.current),
                "expected": sorted(state.expected),
                "up_to_date": state.up_to_date,
                "empty": state.empty,
            }
        )
        return
    typer.echo("up to date" if state.up_to_date else "behind: run `speciosa db upgrade`")
    if not state.up_to_date:
        raise typer.Exit(1)
