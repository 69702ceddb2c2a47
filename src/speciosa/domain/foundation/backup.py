"""The backup manifest: what a backup holds, so that a restore can prove it got all of it.

A backup is one archive: the database in its own format (an SQLite file made with SQLite's
online backup API, or a pg_dump custom-format dump), every photo, and this manifest — each table's
row count and content digest (taken from the same consistent snapshot as the database copy), each
file's size and SHA-256, the backend and the schema revisions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput

FORMAT = "speciosa-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class TableCount:
    rows: int
    sha256: str


@dataclass(frozen=True)
class FileEntry:
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: datetime
    speciosa_version: str
    backend: str  # "sqlite" or "postgresql"
    revisions: tuple[str, ...]
    tables: Mapping[str, TableCount]
    files: Mapping[str, FileEntry]
    database_file: str
    format_version: int = FORMAT_VERSION
    notes: tuple[str, ...] = field(default=())

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    @property
    def photos(self) -> int:
        return sum(1 for name in self.files if name.startswith("photos/"))

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": self.format_version,
                "created_at": self.created_at.isoformat(),
                "speciosa_version": self.speciosa_version,
                "backend": self.backend,
                "revisions": list(self.revisions),
                "database_file": self.database_file,
                "tables": {
                    k: {"rows": v.rows, "sha256": v.sha256} for k, v in sorted(self.tables.items())
                },
                "files": {
                    k: {"bytes": v.bytes, "sha256": v.sha256} for k, v in sorted(self.files.items())
                },
                "notes": list(self.notes),
            },
            indent=2,
        )


def plain_member_name(name: str) -> bool:
    """A path inside the archive: relative, "/"-separated, no "..", "." or empty parts."""
    if not name or len(name) > 512 or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _checked_names(manifest: Manifest) -> Manifest:
    bad = [n for n in [manifest.database_file, *manifest.files] if not plain_member_name(n)]
    if bad:
        raise InvalidInput(
            f"The backup's manifest names {bad[0]!r}, which is not a plain name inside the "
            "archive (absolute paths and '..' are refused). Nothing was restored.",
            field="FILE",
        )
    if manifest.database_file not in manifest.files:
        raise InvalidInput(
            "The backup's manifest does not list its database file. Nothing was restored.",
            field="FILE",
        )
    return manifest


def parse_manifest(text: str) -> Manifest:
    """Read a manifest; InvalidInput when the file is not a Speciosa backup this version reads."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise InvalidInput("This file is not a Speciosa backup.", field="FILE")
        if data.get("format_version") != FORMAT_VERSION:
            raise InvalidInput(
                f"This backup has format version {data.get('format_version')}; this version of "
                f"Speciosa reads version {FORMAT_VERSION}.",
                field="FILE",
            )
        return _checked_names(
            Manifest(
                created_at=datetime.fromisoformat(data["created_at"]),
                speciosa_version=str(data["speciosa_version"]),
                backend=str(data["backend"]),
                revisions=tuple(str(r) for r in data["revisions"]),
                tables={
                    str(k): TableCount(int(v["rows"]), str(v["sha256"]))
                    for k, v in data["tables"].items()
                },
                files={
                    str(k): FileEntry(int(v["bytes"]), str(v["sha256"]))
                    for k, v in data["files"].items()
                },
                database_file=str(data["database_file"]),
                notes=tuple(str(n) for n in data.get("notes", [])),
            )
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidInput(
            f"The backup's manifest is damaged ({type(error).__name__}).", field="FILE"
        ) from None


def table_differences(
    expected: Mapping[str, TableCount], found: Mapping[str, TableCount]
) -> list[str]:
    """What differs between the manifest's tables and a restored database's, for a person."""
    problems = []
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name), found.get(name)
        if want is None:
            problems.append(f"table {name} is in the database but not in the backup")
        elif got is None:
            problems.append(f"table {name} is missing after the restore")
        elif want.rows != got.rows:
            problems.append(f"table {name} has {got.rows} rows, the backup {want.rows}")
        elif want.sha256 != got.sha256:
            problems.append(f"table {name} has the same row count but different content")
    return problems
