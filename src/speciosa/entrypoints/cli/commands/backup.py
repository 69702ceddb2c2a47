"""`speciosa backup --out FILE` and `speciosa restore FILE` — the whole clinic, photos included."""

from __future__ import annotations

from pathlib import Path

import typer

from speciosa.bootstrap import build_backup
from speciosa.domain.foundation.backup import Manifest
from speciosa.entrypoints.cli.output import emit_json
from speciosa.settings import Settings


def _summary(manifest: Manifest, path: Path) -> dict[str, object]:
    return {
        "file": str(path),
        "backend": manifest.backend,
        "created_at": manifest.created_at,
        "speciosa_version": manifest.speciosa_version,
        "revisions": list(manifest.revisions),
        "tables": len(manifest.tables),
        "rows": manifest.total_rows,
        "photos": manifest.photos,
        "row_counts": {name: t.rows for name, t in sorted(manifest.tables.items())},
    }


def backup(
    out: Path = typer.Option(..., "--out", help="The backup file to write (must not exist)."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Back up the database and the photos into one file, while the server keeps running
    (SQLite: the online backup API; PostgreSQL: pg_dump). A manifest records every table's row
    count and checksum and every file's checksum."""
    manifest = build_backup(Settings.from_env()).backup(out)
    summary = _summary(manifest, out)
    if json:
        emit_json(summary)
        return
    typer.echo(
        f"backed up {summary['rows']} rows in {summary['tables']} tables and "
        f"{summary['photos']} photos ({manifest.backend}) to {out}"
    )


def restore(
    file: Path = typer.Argument(..., help="A file written by `speciosa backup`."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Restore a backup onto an empty database and photo folder (a non-empty one is refused),
    then check every table against the backup's manifest."""
    report = build_backup(Settings.from_env()).restore(file)
    summary = _summary(report.manifest, file) | {"tables_checked": report.tables_checked}
    if json:
        emit_json(summary)
        return
    typer.echo(
        f"restored {summary['rows']} rows in {summary['tables']} tables and "
        f"{summary['photos']} photos from {file}; every table matches the backup"
    )
