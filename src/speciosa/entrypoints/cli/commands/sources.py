"""`speciosa coa check FILE` and `speciosa coa import DIR` — lab certificates.

`check` reads and judges one file and stores nothing:
`{"verdict", "findings": [{"analyte","status","value","unit","limit","rule","source"}], "batch"}`.
`import` stores every certificate in a folder for one vendor, with a progress bar; importing the
same folder again changes nothing (each file's id is derived from its content and batch).
"""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer

from speciosa.bootstrap import bootstrap, build_certificate_checker
from speciosa.domain.foundation.errors import DomainError, InvalidInput, NotFound, PayloadTooLarge
from speciosa.domain.sources.findings import Finding, Verdict, check_daily_grams
from speciosa.domain.sources.per_serving import check_serving_grams
from speciosa.domain.sources.products import parse_form
from speciosa.domain.sources.profile import MicrobialCategory
from speciosa.domain.sources.units import format_decimal
from speciosa.entrypoints.cli.commands.users import upgraded_settings
from speciosa.entrypoints.cli.output import emit_json
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificate_checker import CoaCheck
from speciosa.services.sources.certificates import CoaUpload
from speciosa.settings import Settings

# Certificates imported without naming the vendor are kept apart from every named vendor.
UNATTRIBUTED_VENDOR = "Unattributed (imported without a vendor)"

app = typer.Typer(help="Lab certificates (COAs): check one, import a folder.", no_args_is_help=True)
SUFFIXES = (".json", ".csv", ".pdf")
# Certificates imported from the command line get ids derived from what they hold, so that a
# re-run of the same folder is recognised as the same uploads.
IMPORT_NAMESPACE = uuid.UUID("6f1c2a0e-5b1d-4a57-9c55-2f0e8d1c0a35")


def read_file(path: Path, limit: int) -> bytes:
    if not path.is_file():
        raise NotFound(f"There is no file {path}.", field="FILE")
    with path.open("rb") as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise PayloadTooLarge(
            f"{path.name} is larger than the {limit / (1024 * 1024):g} MB a certificate may be.",
            field="FILE",
        )
    return content


def number(value: Decimal | str | None) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def finding_json(finding: Finding, from_pdf: bool = False) -> dict[str, Any]:
    shown = {
        "analyte": finding.analyte,
        "status": finding.status.value,
        "value": number(finding.value),
        "unit": finding.unit,
        "limit": number(finding.limit),
        "rule": finding.rule,
        "source": finding.source,
    }
    if from_pdf:
        # Where the value was read, and whether a person confirmed it (never, from the CLI).
        shown |= {"page": finding.page, "confirmed": finding.confirmed}
    return shown


def check_json(result: CoaCheck) -> dict[str, Any]:
    c, v, a = result.certificate, result.verdict, result.alkaloids
    return {
        "verdict": v.kind.value,
        "findings": [finding_json(f, c.needs_review) for f in v.findings],
        "batch": {
            "lab": c.lab,
            "product": c.product,
            "batch": c.batch,
            "tested_on": c.tested_on.isoformat() if c.tested_on else None,
            "format": c.source_format.value,
            "daily_grams": float(v.daily_grams),
            "daily_grams_assumed": v.daily_grams_assumed,
            "mitragynine_pct": number(a.mitragynine_pct),
            "hydroxymitragynine_pct": number(a.hydroxymitragynine_pct),
        },
    }


def print_verdict(verdict: Verdict, title: str) -> None:
    assumed = " (assumed; pass --daily-grams)" if verdict.daily_grams_assumed else ""
    typer.echo(
        f"{title}: {verdict.kind.value.upper()} at {format_decimal(verdict.daily_grams)} g/day"
        f"{assumed}"
    )
    for f in verdict.findings:
        value = f"{f.value_text} {f.unit}".strip() or "-"
        limit = f"  limit {format_decimal(f.limit)}" if f.limit is not None else ""
        typer.echo(f"  {f.status.value:<15} {f.analyte:<28} {value:<22}{limit}")
        typer.echo(f"  {'':<15} {f.explanation}")
        if f.source:
            typer.echo(f"  {'':<15} rule: {f.rule}; source: {f.source}")


@app.command()
def check(
    file: Path = typer.Argument(..., help="A certificate: JSON, CSV or text PDF."),
    daily_grams: float | None = typer.Option(
        None, "--daily-grams", help="The most grams taken per day (judges USP <2232> exposure)."
    ),
    form: str = typer.Option("powder", "--form", help="powder, capsule, tablet, tea or extract."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
    serving_grams: float | None = typer.Option(
        None, "--serving-grams", help="Grams in one serving or unit (judges per-serving limits)."
    ),
) -> None:
    """Judge one certificate against the standards profile; nothing is stored."""
    grams = check_daily_grams(daily_grams, field="--daily-grams")
    serving = check_serving_grams(serving_grams, field="--serving-grams")
    category = (
        MicrobialCategory.BOTANICAL_EXTRACT
        if parse_form(form).value == "extract"
        else MicrobialCategory.DRIED_BOTANICAL
    )
    settings = Settings.from_env()
    checker = build_certificate_checker(settings)
    content = read_file(file, settings.max_upload_bytes)
    result = checker.check(file.name, content, grams, category, serving)
    if json:
        emit_json(check_json(result))
        return
    c = result.certificate
    typer.echo(
        f"{file.name}: {c.lab or 'lab not stated'} · {c.product or '-'} · batch {c.batch or '-'}"
    )
    print_verdict(result.verdict, "Verdict")


@app.command("import")
def import_folder(
    folder: Path = typer.Argument(..., help="A folder of certificates (.json, .csv, .pdf)."),
    vendor: str = typer.Option(
        UNATTRIBUTED_VENDOR,
        "--vendor",
        help="The vendor the certificates are from (default: recorded as unattributed, so the "
        "vendor scorecard does not credit any vendor with them).",
    ),
    form: str = typer.Option("powder", "--form", help="powder, capsule, tablet, tea or extract."),
    grams_per_unit: str | None = typer.Option(
        None, "--grams-per-unit", help="Grams per capsule or tablet (capsule/tablet forms)."
    ),
    grams_per_ml: str | None = typer.Option(
        None, "--grams-per-ml", help="Stated concentration, grams of leaf per mL (tea/extract)."
    ),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import every certificate in FOLDER for VENDOR; each file names its product and batch."""
    if not folder.is_dir():
        raise NotFound(f"There is no folder {folder}.", field="DIR")
    parse_form(form)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    if not files:
        raise InvalidInput(f"{folder} holds no .json, .csv or .pdf files.", field="DIR")
    services = bootstrap(upgraded_settings())
    imported: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    try:
        with typer.progressbar(
            files, label="Importing certificates", file=None if not json else _quiet()
        ) as progress:
            for path in progress:
                try:
                    imported.append(
                        _import_one(services, path, vendor, form, grams_per_unit, grams_per_ml)
                    )
                except DomainError as error:
                    skipped.append({"file": path.name, "reason": error.detail})
    finally:
        services.close()
    if json:
        emit_json({"imported": imported, "skipped": skipped})
        return
    new = sum(1 for i in imported if i["created"])
    typer.echo(
        f"Imported {new} new certificate(s), {len(imported) - new} already present, "
        f"{len(skipped)} skipped."
    )
    for item in imported:
        typer.echo(
            f"  {item['verdict']:<10} {item['file']}  ({item['product']}, lot {item['lot']})"
        )
    for item in skipped:
        typer.echo(f"  skipped    {item['file']}: {item['reason']}", err=True)


def _quiet() -> Any:
    import io

    return io.StringIO()


def _import_one(
    services: Any,
    path: Path,
    vendor: str,
    form: str,
    grams_per_unit: str | None,
    grams_per_ml: str | None,
) -> dict[str, Any]:
    content = read_file(path, services.settings.max_upload_bytes)
    certificate = services.certificates.read(path.name, content)
    if not certificate.batch:
        raise InvalidInput("the certificate does not name its batch or lot", field="batch")
    product = certificate.product or path.stem
    label = services.products.add_batch(
        None,
        NewProduct(
            vendor=vendor,
            name=product[:120],
            form=form,
            grams_per_unit=grams_per_unit,
            grams_per_ml=grams_per_ml,
        ),
        certificate.batch,
    )
    digest = hashlib.sha256(content).hexdigest()
    certificate_id = str(uuid.uuid5(IMPORT_NAMESPACE, f"{digest}:{label.batch.id}"))
    record, created = services.certificates.import_coa(
        None, CoaUpload(certificate_id, path.name, content, label.batch.id)
    )
    return {
        "file": path.name,
        "id": record.stored.id,
        "created": created,
        "vendor": label.vendor.name,
        "product": label.product.name,
        "lot": label.batch.lot,
        "verdict": record.verdict.kind.value,
    }
