"""`speciosa reference status` — the reference tables, their size and freshness."""

from __future__ import annotations

from datetime import date

import typer

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.cli.output import emit_json

app = typer.Typer(help="Reference data (every row carries source and as_of).", no_args_is_help=True)


@app.command()
def status(
    json: bool = typer.Option(False, "--json", help="Print JSON."),
    today: str | None = typer.Option(None, "--today", help="Judge freshness as of this date."),
) -> None:
    """List each table with its row count, oldest as_of and a warning when past its review."""
    try:
        on = date.fromisoformat(today) if today else date.today()  # noqa: DTZ011 - a calendar date
    except ValueError:
        raise InvalidInput(f"'{today}' is not a date (YYYY-MM-DD).", field="--today") from None
    statuses = load_reference().status(on)
    if json:
        emit_json(
            [
                {
                    "table": s.name,
                    "version": s.version,
                    "rows": s.row_count,
                    "oldest_as_of": s.oldest_as_of,
                    "review_interval_days": s.review_interval_days,
                    "age_days": s.age_days,
                    "overdue": s.overdue,
                    "warning": s.warning,
                }
                for s in statuses
            ]
        )
        return
    for s in statuses:
        oldest = s.oldest_as_of.isoformat() if s.oldest_as_of else "-"
        flag = "  WARNING: past its review interval" if s.overdue else ""
        typer.echo(
            f"{s.name:<28} v{s.version:<3} {s.row_count:>5} rows  oldest {oldest}"
            f"  review every {s.review_interval_days} d{flag}"
        )
    for s in statuses:
        if s.warning:
            typer.echo(f"warning: {s.warning}", err=True)
