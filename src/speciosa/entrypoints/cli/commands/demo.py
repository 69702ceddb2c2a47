"""`speciosa demo seed` — a deterministic, realistic demo clinic."""

from __future__ import annotations

import typer

from speciosa.demo_seeding import seed_demo
from speciosa.entrypoints.cli.commands.users import upgraded_settings
from speciosa.entrypoints.cli.output import emit_json

app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.command()
def seed(
    persons: int = typer.Option(6, "--persons", min=1, max=5000, help="How many persons."),
    days: int = typer.Option(30, "--days", min=1, max=730, help="Days of history."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same clinic."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Seed a demo clinic: one clinician, one admin and PERSONS persons with DAYS of history.

    If the demo clinic of this seed exists already, nothing is written and its sign-ins are
    printed again."""
    clinic = seed_demo(upgraded_settings(), persons=persons, days=days, seed=seed)
    if json:
        emit_json(
            {
                "clinicians": [
                    {"id": c.id, "email": c.email, "password": c.password}
                    for c in clinic.clinicians
                ],
                "admins": [
                    {"id": a.id, "email": a.email, "password": a.password} for a in clinic.admins
                ],
                "persons": [
                    {
                        "id": p.account.id,
                        "email": p.account.email,
                        "name": p.account.name,
                        "password": p.account.password,
                        "story": p.story,
                    }
                    for p in clinic.persons
                ],
            }
        )
        return
    typer.echo("Demo clinic " + ("created." if clinic.created else "already present."))
    typer.echo("Sign in at http://127.0.0.1:8000 with any of these (demo passwords only):")
    for account in [*clinic.clinicians, *clinic.admins]:
        typer.echo(f"  {account.role.value:<10} {account.email:<45} {account.password}")
    for person in clinic.persons:
        account = person.account
        typer.echo(f"  {'person':<10} {account.email:<45} {account.password}  ({person.story})")
