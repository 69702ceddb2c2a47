"""`speciosa db upgrade|status` — migrations."""

from __future__ import annotations

import typer

from speciosa.bootstrap import database_status, migrate_database
from speciosa.entrypoints.cli.output import emit_json
from speciosa.settings import Settings

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command()
def upgrade(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Bring the database up to date with this version (creates it when missing)."""
    state = migrate_database(Settings.from_env())
    if json:
        emit_json({"revision": sorted(state.current), "up_to_date": state.up_to_date})
    else:
        typer.echo(f"database at {', '.join(sorted(state.current))}")


@app.command()
def status(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Say whether the database is up to date."""
    state = database_status(Settings.from_env())
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
