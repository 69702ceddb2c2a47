"""`speciosa report pdf`, `speciosa export fhir` and `speciosa export cohort`.

Who the command acts as: `--as EMAIL` names a clinician the person granted access (or the person
themself); the export is then checked and audited exactly as on the web. Without `--as` the
command runs as the installation's operator — whoever runs commands on the server already holds
the database — and every such export is audited with the actor role "operator", so it shows in
the person's "who looked at my data". The cohort export is always an operator's act and includes
only persons who consented to research use.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from speciosa.domain.foundation.accounts import Actor, Role, normalise_email
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.reports.period import DEFAULT_REPORT_DAYS
from speciosa.entrypoints.cli.output import emit_json
from speciosa.settings import Settings

if TYPE_CHECKING:
    from speciosa.bootstrap import Services

# The composition root (the database layer and every service) is imported inside each command,
# not here: `speciosa report pdf` starts its PDF process before it (see report_pdf).

report_app = typer.Typer(help="Reports of one person's period.", no_args_is_help=True)
export_app = typer.Typer(help="Exports: FHIR R4 Bundle, research cohort.", no_args_is_help=True)

AS_HELP = (
    "Act as this clinician (who must have the person's consent) or person; "
    "without it the command acts as the operator (audited)."
)


def acting_as(services: Services, email: str | None) -> Actor | None:
    if email is None:
        return None
    user = services.accounts.find_by_email(normalise_email(email))
    if user is None or user.disabled or user.role is Role.ADMIN:
        raise InvalidInput(f"There is no active clinician or person account {email}.", field="--as")
    return Actor(user.id, user.role, user.name, "command line")


def check_out(out: Path) -> Path:
    out = out.expanduser()
    if out.exists() and out.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name.", field="--out")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.", field="--out")
    return out


def write_bytes(out: Path, data: bytes) -> None:
    temporary = out.with_name(f".{out.name}.partial")
    temporary.write_bytes(data)
    temporary.replace(out)


def write_text_chunks(out: Path, chunks: Iterable[str]) -> None:
    """UTF-8 text written as it comes, then moved into place: never half a file at `out`."""
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)


@report_app.command("pdf")
def report_pdf(
    person: str = typer.Option(..., "--person", help="The person's id."),
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    days: int = typer.Option(DEFAULT_REPORT_DAYS, "--days", help="Local days up to today."),
    as_email: str | None = typer.Option(None, "--as", help=AS_HELP),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The person's report as a PDF: scores and trend, doses and plan, alerts, lab
    certificates, skin trend, interactions, notes."""
    from speciosa.adapters.pdf.render_process import PdfRenderProcess

    started = time.monotonic()
    # First: a child process imports WeasyPrint on the other core while this one opens the
    # database and builds the report (each about a second of CPU on a 2-core machine).
    with PdfRenderProcess() as renderer:
        from speciosa.adapters.pdf.report import render_report_html
        from speciosa.bootstrap import bootstrap
        from speciosa.services.reports.person_report import check_days

        check_days(days, field="--days")
        out = check_out(out)
        services = bootstrap(Settings.from_env())
        try:
            report = services.reports.export(acting_as(services, as_email), person, "pdf", days)
        finally:
            services.close()
        pdf = renderer.render(render_report_html(report))
    write_bytes(out, pdf)
    seconds = round(time.monotonic() - started, 3)
    if json:
        emit_json(
            {
                "out": str(out),
                "bytes": len(pdf),
                "person_id": person,
                "start": report.period.start,
                "end": report.period.end,
                "checkins": len(report.checkins),
                "seconds": seconds,
            }
        )
        return
    typer.echo(f"wrote {out} ({len(pdf)} bytes, {report.period.described}, {seconds} s)")


@export_app.command("fhir")
def export_fhir(
    person: str = typer.Option(..., "--person", help="The person's id."),
    out: Path = typer.Option(..., "--out", help="The JSON file to write."),
    days: int = typer.Option(DEFAULT_REPORT_DAYS, "--days", help="Local days up to today."),
    as_email: str | None = typer.Option(None, "--as", help=AS_HELP),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The person's complete record of the period as a FHIR R4 (4.0.1) Bundle."""
    from speciosa.adapters.fhir.record import (
        RecordResource,
        iter_record_entries,
        record_json_chunks,
    )
    from speciosa.bootstrap import bootstrap
    from speciosa.services.reports.person_report import check_days

    check_days(days, field="--days")
    out = check_out(out)
    services = bootstrap(Settings.from_env())
    try:
        record = services.clinical_record.export(acting_as(services, as_email), person, days)
    finally:
        services.close()
    counts: dict[str, int] = {}

    def counted() -> Iterator[RecordResource]:
        for resource in iter_record_entries(record):
            kind = resource.json["resourceType"]
            counts[kind] = counts.get(kind, 0) + 1
            yield resource

    # Streamed: each resource is built, written and let go in turn (a year is ~1,500).
    write_text_chunks(out, record_json_chunks(record, counted()))
    if json:
        emit_json({"out": str(out), "person_id": person, "resources": counts})
        return
    typer.echo(f"wrote {out}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))


@export_app.command("cohort")
def export_cohort(
    fmt: str = typer.Option(..., "--format", help="csv or parquet."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """One row per check-in of every person who consented to research use: a pseudonymous
    person key, days since programme start, scores and doses; no names, e-mails, free text or
    dates. The key's secret stays in the data directory."""
    from speciosa.adapters.cohort_files import COHORT_FORMATS, write_cohort_batches  # pyarrow
    from speciosa.bootstrap import bootstrap

    fmt = fmt.strip().lower()
    if fmt not in COHORT_FORMATS:
        raise InvalidInput(f"--format must be csv or parquet, not {fmt!r}.", field="--format")
    out = check_out(out)
    services = bootstrap(Settings.from_env())
    try:
        # Streamed: one batch of persons in memory at a time, whatever the cohort's size.
        tally = write_cohort_batches(services.cohort.export_batches(), out, fmt)
    finally:
        services.close()
    if json:
        emit_json({"out": str(out), "format": fmt, "rows": tally.rows, "persons": tally.persons})
        return
    typer.echo(f"wrote {out}: {tally.rows} check-ins of {tally.persons} persons ({fmt})")
