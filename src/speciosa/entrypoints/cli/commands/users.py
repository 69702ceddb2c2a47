"""`speciosa users create|list` — accounts."""

from __future__ import annotations

import sys

import typer

from speciosa.bootstrap import bootstrap, migrate_database
from speciosa.domain.foundation.accounts import parse_role
from speciosa.entrypoints.cli.output import emit_json, fail
from speciosa.services.foundation.accounts import NewUser
from speciosa.settings import Settings

app = typer.Typer(help="Accounts.", no_args_is_help=True)


def upgraded_settings() -> Settings:
    """Settings for a command that writes: the database is created or migrated first."""
    settings = Settings.from_env()
    migrate_database(settings)
    return settings


@app.command()
def create(
    email: str = typer.Option(..., "--email", help="Sign-in e-mail."),
    role: str = typer.Option(..., "--role", help="person, clinician or admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    name: str | None = typer.Option(None, "--name", help="Display name."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Create an account (the database is created or migrated if needed)."""
    if not password_stdin:
        raise fail(
            "pass the password on standard input with --password-stdin "
            "(never on the command line, where other users can see it)"
        )
    password = sys.stdin.readline().rstrip("\r\n")
    parsed_role = parse_role(role)
    services = bootstrap(upgraded_settings())
    try:
        user = services.accounts.create_user(
            NewUser(email=email, role=parsed_role, password=password, name=name)
        )
    finally:
        services.close()
    if json:
        emit_json({"id": user.id, "email": user.email, "role": user.role.value})
    else:
        typer.echo(f"created {user.role.value} {user.email} ({user.id})")


@app.command("list")
def list_users(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List accounts (no clinical data)."""
    services = bootstrap(upgraded_settings())
    try:
        users = services.accounts.list_users_for_operator()
    finally:
        services.close()
    rows = [
        {"id": u.id, "email": u.email, "role": u.role.value, "name": u.name, "disabled": u.disabled}
        for u in users
    ]
    if json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['role']:<10} {row['email']:<40} {row['name']}")
