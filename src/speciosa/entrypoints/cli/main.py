"""`speciosa` — the command line. Every domain error becomes a message on stderr and exit 2."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from speciosa import __version__
from speciosa.domain.errors import DomainError
from speciosa.entrypoints.cli.commands import backup as backup_command
from speciosa.entrypoints.cli.commands import coa as coa_command
from speciosa.entrypoints.cli.commands import db, demo, dosing, precautions, reference, serve, users
from speciosa.entrypoints.cli.commands import reports as report_commands
from speciosa.entrypoints.cli.commands import score as score_command
from speciosa.entrypoints.cli.commands import skin as skin_command
from speciosa.entrypoints.cli.commands import withdrawal as withdrawal_command
from speciosa.entrypoints.errors import CLI_EXIT_CODE


class SpeciosaGroup(TyperGroup):
    """Maps DomainError to a one-line message and exit code 2, for every command in one place."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DomainError as error:
            where = f" ({error.field})" if error.field else ""
            typer.echo(f"error{where}: {error.detail}", err=True)
            raise typer.Exit(CLI_EXIT_CODE) from None


app = typer.Typer(
    cls=SpeciosaGroup,
    help="Speciosa: withdrawal check-ins, dosing, lab certificates, precautions and skin "
    "measurements, with a clinician in the loop.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"speciosa {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Speciosa command line."""


app.command("serve")(serve.serve)
app.command("backup")(backup_command.backup)
app.command("restore")(backup_command.restore)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(demo.app, name="demo")
app.add_typer(reference.app, name="reference")
app.add_typer(coa_command.app, name="coa")
app.command("score")(score_command.score)
app.add_typer(withdrawal_command.app, name="withdrawal")
app.add_typer(skin_command.app, name="skin")
app.add_typer(precautions.interactions_app, name="interactions")
app.command("legal")(precautions.legal)
app.command("evidence")(precautions.evidence)
app.command("mme")(dosing.mme)
app.command("alkaloids")(dosing.alkaloids)
app.add_typer(dosing.taper_app, name="taper")
app.add_typer(report_commands.report_app, name="report")
app.add_typer(report_commands.export_app, name="export")


def run() -> None:
    app()
