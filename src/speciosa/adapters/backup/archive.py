"""The backup archive: one tar file with manifest.json, the database and every photo.

Written to `FILE.partial`, fsynced and renamed, so a FILE that exists is complete. Read back
member by member: only the regular files the manifest names, each checked against its size and
SHA-256 before anything is put in place.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

from speciosa import __version__
from speciosa.adapters.backup import postgres, sqlite
from speciosa.adapters.file_modes import make_private_dir, secure_tree
from speciosa.adapters.research_key import KEY_FILE as RESEARCH_KEY_FILE
from speciosa.domain.foundation.backup import (
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    TableCount,
    parse_manifest,
    plain_member_name,
    table_differences,
)
from speciosa.domain.foundation.errors import Conflict, InvalidInput

CHUNK = 1024 * 1024


def file_entry(path: Path) -> FileEntry:
    hasher = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return FileEntry(bytes=size, sha256=hasher.hexdigest())


def photo_files(photo_dir: Path) -> Iterator[tuple[str, Path]]:
    if not photo_dir.is_dir():
        return
    for path in sorted(photo_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield f"photos/{path.relative_to(photo_dir).as_posix()}", path


def _safe_member_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


class ArchiveBackupStore:
    """Implements `services.ports.outside.BackupStore` for SQLite and PostgreSQL databases."""

    def __init__(self, database_url: str, data_dir: Path, photo_dir: Path) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.photo_dir = photo_dir
        self.backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"

    def _engine(self) -> sa.Engine:
        return sa.create_engine(self.database_url, poolclass=sa.NullPool)

    # ------------------------------------------------------------------ backup

    def write(self, out: Path, created_at: datetime) -> Manifest:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".speciosa-backup-", dir=out.parent) as work:
            if self.backend == "sqlite":
                source = sqlite.database_path(self.database_url)
                if not source.exists():
                    raise InvalidInput(f"There is no database at {source}.", field="--out")
                database_file = "database/speciosa.sqlite3"
                copy = Path(work) / "speciosa.sqlite3"
                sqlite.copy_online(source, copy)
                tables, revisions = sqlite.describe(copy)
            else:
                database_file = "database/speciosa.pgdump"
                copy = Path(work) / "speciosa.pgdump"
                engine = self._engine()
                try:
                    tables, revisions = postgres.dump(engine, copy)
                finally:
                    engine.dispose()
            # Photos after the database: every photo a copied row refers to was written before
            # its row was committed, so it is in the folder by now.
            members = [(database_file, copy), *photo_files(self.photo_dir)]
            # The research export's pseudonym key: without it, a restored clinic would give
            # every person a new pseudonym and break the continuity of research exports.
            key = self.data_dir / RESEARCH_KEY_FILE
            if key.is_file():
                members.append((f"keys/{RESEARCH_KEY_FILE}", key))
            manifest = Manifest(
                created_at=created_at,
                speciosa_version=__version__,
                backend=self.backend,
                revisions=revisions,
                tables=tables,
                files={name: file_entry(path) for name, path in members},
                database_file=database_file,
            )
            partial = out.with_name(f"{out.name}.partial")
            partial.unlink(missing_ok=True)
            # 0600 from the start: the archive holds every health record, photo and key.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w") as archive,
            ):
                text = manifest.to_json().encode("utf-8")
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size = len(text)
                info.mtime = int(created_at.timestamp())
                archive.addfile(info, io.BytesIO(text))
                for name, path in members:
                    archive.add(path, arcname=name, recursive=False)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, out)
        return manifest

    # ----------------------------------------------------------------- restore

    def read_manifest(self, archive_path: Path) -> Manifest:
        try:
            with tarfile.open(archive_path, "r") as archive:
                member = archive.getmember(MANIFEST_NAME)
                handle = archive.extractfile(member)
                if handle is None:
                    raise KeyError(MANIFEST_NAME)
                return parse_manifest(handle.read().decode("utf-8"))
        except (tarfile.TarError, KeyError, OSError, UnicodeDecodeError) as error:
            raise InvalidInput(
                f"{archive_path} is not a readable Speciosa backup ({type(error).__name__}).",
                field="FILE",
            ) from None

    def target_problems(self) -> list[str]:
        problems: list[str] = []
        if self.backend == "sqlite":
            problems += sqlite.target_problems(sqlite.database_path(self.database_url))
        else:
            engine = self._engine()
            try:
                problems += postgres.target_problems(engine)
            finally:
                engine.dispose()
        photos = self.photo_dir
        if photos.is_dir() and any(photos.iterdir()):
            problems.append(f"the photo folder {photos} is not empty")
        if (self.data_dir / RESEARCH_KEY_FILE).exists():
            problems.append(f"the data folder already has a research key ({RESEARCH_KEY_FILE})")
        return problems

    def _extract_verified(self, archive_path: Path, manifest: Manifest, into: Path) -> None:
        expected = dict(manifest.files)
        with tarfile.open(archive_path, "r") as archive:
            for member in archive:
                if member.name == MANIFEST_NAME:
                    continue
                entry = expected.pop(member.name, None)
                if (
                    entry is None
                    or not member.isfile()
                    or not _safe_member_name(member.name)
                    or not plain_member_name(member.name)
                ):
                    raise InvalidInput(
                        f"The backup holds an unexpected entry {member.name!r}.", field="FILE"
                    )
                source = archive.extractfile(member)
                assert source is not None
                destination = into / member.name
                destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                hasher = hashlib.sha256()
                descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    while chunk := source.read(CHUNK):
                        hasher.update(chunk)
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
                if hasher.hexdigest() != entry.sha256 or destination.stat().st_size != entry.bytes:
                    raise InvalidInput(
                        f"{member.name} in the backup is damaged (its checksum does not match "
                        "the manifest). Nothing was restored.",
                        field="FILE",
                    )
        if expected:
            raise InvalidInput(
                f"The backup is missing {len(expected)} files (e.g. {sorted(expected)[0]}). "
                "Nothing was restored.",
                field="FILE",
            )

    def restore(self, archive_path: Path, manifest: Manifest) -> None:
        """Stage and check everything, then move it into place; on any failure the target is
        left exactly as it was (a data dir this call made is removed again)."""
        data_dir = self.data_dir
        created = not data_dir.exists()
        make_private_dir(data_dir)
        try:
            with tempfile.TemporaryDirectory(prefix=".speciosa-restore-", dir=data_dir) as work:
                staging = Path(work)  # mkdtemp: 0700
                self._extract_verified(archive_path, manifest, staging)
                database = staging / manifest.database_file
                if self.backend == "sqlite":
                    self._check_staged_sqlite(database, manifest)
                    self._place_files(staging, lambda: self._place_sqlite(database))
                else:
                    self._place_files(staging, lambda: self._restore_postgres(database, manifest))
        except BaseException:
            if created:
                shutil.rmtree(data_dir, ignore_errors=True)
            raise

    def _check_staged_sqlite(self, database: Path, manifest: Manifest) -> None:
        problems = sqlite.integrity_problems(database)
        if not problems:
            problems = table_differences(manifest.tables, sqlite.describe(database)[0])
        if problems:
            raise Conflict(
                "The backup's database does not match its manifest: "
                + "; ".join(problems[:5])
                + ". Nothing was restored."
            )

    def _place_sqlite(self, database: Path) -> None:
        sqlite.place(database, sqlite.database_path(self.database_url))

    def _restore_postgres(self, dump: Path, manifest: Manifest) -> None:
        """pg_restore runs in one transaction; a restored database that then fails the check
        against the manifest has every object it created dropped again."""
        engine = self._engine()
        try:
            before = postgres.schema_objects(engine)
            postgres.restore(engine, dump)
            problems = table_differences(manifest.tables, postgres.describe(engine))
            if problems:
                postgres.drop_objects_since(engine, before)
                raise Conflict(
                    "The backup's database does not match its manifest: "
                    + "; ".join(problems[:5])
                    + ". Nothing was restored."
                )
        finally:
            engine.dispose()

    def _place_files(self, staging: Path, place_database: Callable[[], None]) -> None:
        """Photos and the research key first (each a rename within the data dir), the database
        last; if the database cannot be placed, the files are taken back out."""
        moved: list[Path] = []
        try:
            key = staging / "keys" / RESEARCH_KEY_FILE
            if key.is_file():
                os.replace(key, self.data_dir / RESEARCH_KEY_FILE)
                moved.append(self.data_dir / RESEARCH_KEY_FILE)
            photos = staging / "photos"
            if photos.is_dir():
                target = self.photo_dir
                if target.is_dir():
                    target.rmdir()  # empty: target_problems refused anything else
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.replace(photos, target)
                moved.append(target)
            secure_tree(self.photo_dir)
            place_database()
        except BaseException:
            for path in reversed(moved):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                    if path == self.photo_dir:
                        path.mkdir(mode=0o700)
                else:
                    path.unlink(missing_ok=True)
            raise

    def current_tables(self) -> dict[str, TableCount]:
        if self.backend == "sqlite":
            return sqlite.describe(sqlite.database_path(self.database_url))[0]
        engine = self._engine()
        try:
            return postgres.describe(engine)
        finally:
            engine.dispose()
