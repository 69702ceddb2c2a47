"""Backup and restore of a whole clinic: `speciosa backup --out FILE`, `speciosa restore FILE`.

A backup is taken while the server runs (the database adapters copy one consistent snapshot).
A restore goes only onto an empty target — no tables in the database, nothing in the photo
folder — so that it can never mix two clinics or overwrite one; afterwards every table's row
count and content digest must equal the manifest's, or the restore is reported as failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from speciosa.domain.foundation.backup import Manifest, table_differences
from speciosa.domain.foundation.errors import Conflict, InvalidInput
from speciosa.services.ports.outside import BackupStore, Clock


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    tables_checked: int


class BackupService:
    def __init__(self, store: BackupStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def backup(self, out: Path) -> Manifest:
        if out.exists():
            raise InvalidInput(
                f"{out} exists already; choose a new file name (a backup never overwrites one).",
                field="--out",
            )
        return self._store.write(out, self._clock.now())

    def restore(self, archive: Path) -> RestoreReport:
        if not archive.is_file():
            raise InvalidInput(f"There is no backup file {archive}.", field="FILE")
        manifest = self._store.read_manifest(archive)
        if manifest.backend != self._store.backend:
            raise InvalidInput(
                f"This is a backup of a {manifest.backend} database; the configured database is "
                f"{self._store.backend}. Point SPECIOSA_DATABASE_URL at an empty "
                f"{manifest.backend} database.",
                field="FILE",
            )
        problems = self._store.target_problems()
        if problems:
            raise Conflict(
                "A backup is restored only onto an empty database and photo folder, and "
                + "; ".join(problems)
                + ". Use a new data dir (SPECIOSA_DATA_DIR) or an empty database.",
            )
        self._store.restore(archive, manifest)
        differences = table_differences(manifest.tables, self._store.current_tables())
        if differences:
            raise Conflict(
                "The restored database does not match the backup: " + "; ".join(differences)
            )
        return RestoreReport(manifest=manifest, tables_checked=len(manifest.tables))
