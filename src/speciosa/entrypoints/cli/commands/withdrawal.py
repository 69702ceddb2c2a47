"""`speciosa withdrawal sweep [--json]` — raise missed-check-in alerts (run it from cron or a
systemd timer; pages also sweep the persons they show)."""

from __future__ import annotations

import typer

from speciosa.bootstrap import bootstrap
from speciosa.entrypoints.cli.commands.users import upgraded_settings
from speciosa.entrypoints.cli.output import emit_json

app = typer.Typer(help="Withdrawal follow-up.", no_args_is_help=True)


@app.command()
def sweep(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Raise a missed-check-in alert for every person silent past the rule (idempotent)."""
    services = bootstrap(upgraded_settings())
    try:
        raised = services.missed_checkins.sweep_missed()
    finally:
        services.close()
    if json:
        emit_json(
            {
                "raised": [
                    {"person_id": a.person_id, "title": a.title, "raised_at": a.raised_at}
                    for a in raised
                ]
            }
        )
        return
    typer.echo(f"raised {len(raised)} missed-check-in alert(s)")
    for alert in raised:
        typer.echo(f"  {alert.person_id}  {alert.title}")
