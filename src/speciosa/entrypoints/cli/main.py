"""`speciosa` — the command line. Every domain error becomes a message on stderr and exit 2."""

from __future__ import annotations

import gc
import importlib
from typing import Any

import typer
from typer._click import Command, Context  # Typer's own click (vendored since 0.23)
from typer.core import TyperGroup

from speciosa import __version__
from speciosa.adapters.file_modes import private_umask
from speciosa.domain.foundation.errors import DomainError
from speciosa.entrypoints.errors import CLI_EXIT_CODE

# Every command, imported only when it runs (or when --help lists them): a command module
# pulls in its feature's services, the database layer and heavy libraries (FastAPI, OpenCV,
# pyarrow, WeasyPrint), and `speciosa --version` or `speciosa score` need none of that.
# name -> (module in speciosa.entrypoints.cli.commands, attribute: a Typer app or a function)
COMMANDS: dict[str, tuple[str, str]] = {  # in the order --help lists them
    "serve": ("serve", "serve"),
    "backup": ("backup", "backup"),
    "restore": ("backup", "restore"),
    "score": ("score", "score"),
    "legal": ("precautions", "legal"),
    "evidence": ("precautions", "evidence"),
    "mme": ("dosing", "mme"),
    "alkaloids": ("dosing", "alkaloids"),
    "db": ("db", "app"),
    "users": ("users", "app"),
    "demo": ("demo", "app"),
    "reference": ("reference", "app"),
    "coa": ("sources", "app"),
    "withdrawal": ("withdrawal", "app"),
    "skin": ("pigmentation", "app"),
    "interactions": ("precautions", "interactions_app"),
    "taper": ("dosing", "taper_app"),
    "report": ("reports", "report_app"),
    "export": ("reports", "export_app"),
}


def load_command(name: str) -> Command:
    """Import one command's module and build its click command, as `add_typer` or
    `app.command` would have at start-up."""
    module_name, attribute = COMMANDS[name]
    module = importlib.import_module(f"speciosa.entrypoints.cli.commands.{module_name}")
    target = getattr(module, attribute)
    holder = typer.Typer(add_completion=False)
    if isinstance(target, typer.Typer):
        # Through a holder, as add_typer does: a sub-app with one command stays a group
        # (`speciosa demo seed`, not `speciosa demo`).
        holder.add_typer(target, name=name)
        group = typer.main.get_command(holder)
        assert isinstance(group, TyperGroup)
        return group.commands[name]
    holder.command(name)(target)
    return typer.main.get_command(holder)


class SpeciosaGroup(TyperGroup):
    """Maps DomainError to a one-line message and exit code 2, for every command in one place;
    loads each command when it is asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

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
    # Health data: whatever any command creates (database, its journals, photos, backups, keys,
    # files a library writes for us) is readable by this user only. See adapters/file_modes.py.
    private_umask()


def run() -> None:
    try:
        app()
    finally:
        # The process ends next. Frozen, the objects of every imported library are left out of
        # the collections the interpreter runs on its way out (~0.3 s of CPU for a command that
        # imported the composition root and WeasyPrint, measured); the process's end frees
        # them. atexit handlers and finalisers of objects freed before then run as usual.
        gc.freeze()
