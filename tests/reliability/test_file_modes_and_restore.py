"""Issue 15: files only the server can read, and restores that leave nothing on failure.

- Modes after a `make run`-style start (`db upgrade`, `demo seed`, `serve` taking a write):
  data dir 0700; database, -wal and -shm 0600; photo folders 0700 and photos 0600.
- A backup archive is 0600; a restore leaves 0700 folders and 0600 files.
- A tampered archive (a person promoted to clinician in the database, the file's checksum in the
  manifest fixed to match) is refused on SQLite and PostgreSQL, the target left byte-identical,
  and the genuine archive then restores onto the same target.
- A manifest naming an absolute path or '..' is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import stat
import tarfile
from pathlib import Path

import httpx2 as httpx
import pytest
import sqlalchemy as sa

from speciosa.adapters.backup import postgres
from speciosa.adapters.research_key import FileResearchKey
from speciosa.demo_seeding import seed_demo
from speciosa.settings import Settings
from tests.conftest import NOW
from tests.reliability.server_process import SPECIOSA, ServerProcess, server_env
from tests.reliability.test_backup_restore import clinic, run_cli, target_settings
from tests.support.postgres import PostgresServer

__all__ = ["clinic", "target_settings"]  # fixtures shared with test_backup_restore
pytestmark = pytest.mark.slow


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(root: Path) -> None:
    assert mode(root) == 0o700, f"{root} is {oct(mode(root))}"
    for path in root.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path} is {oct(mode(path))}"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for a folder): "byte-identical" means equal."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


def test_a_make_run_style_start_leaves_only_private_files(tmp_path: Path) -> None:
    import subprocess

    data_dir = tmp_path / "data"
    env = server_env(data_dir)
    # As `make run`, from a shell whose umask lets everyone read: the modes must not depend on it.
    # A photo left world-readable by an older version: start-up repairs it.
    old = data_dir / "photos" / "ab" / "old.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old photo")
    old.chmod(0o644)
    data_dir.chmod(0o755)
    for command in (["db", "upgrade"], ["demo", "seed", "--persons", "2", "--days", "2"]):
        done = subprocess.run(
            [SPECIOSA, *command],
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
            preexec_fn=lambda: os.umask(0o022),
        )
        assert done.returncode == 0, done.stderr
    server = ServerProcess(env, workers=1)
    server.start()
    try:
        assert httpx.get(f"{server.base}/sign-in", timeout=30).status_code == 200
        database = data_dir / "speciosa.sqlite3"
        assert Path(f"{database}-wal").exists()
        assert_private(data_dir)
        assert mode(old) == 0o600  # repaired (photos the server stores are written 0600)
    finally:
        server.kill()


def repack(
    archive: Path, out: Path, replace: dict[str, bytes], manifest_edit: object = None
) -> None:
    """A copy of `archive` with some members replaced and the manifest's checksums fixed."""
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read()) for m in source if m.isfile()]  # type: ignore[union-attr]
    manifest = json.loads(next(data for m, data in members if m.name == "manifest.json"))
    for name, data in replace.items():
        manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if callable(manifest_edit):
        manifest_edit(manifest)
    with tarfile.open(out, "w") as copy:
        for member, stored in members:
            data = json.dumps(manifest).encode() if member.name == "manifest.json" else stored
            data = replace.get(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def promote_a_person(
    database_file: bytes, work: Path, settings: Settings, server: PostgresServer | None
) -> bytes:
    """The database of the archive with one person made a clinician, in its own format."""
    if settings.uses_sqlite:
        path = work / "edited.sqlite3"
        path.write_bytes(database_file)
        with sqlite3.connect(path) as connection:
            connection.execute(
                "UPDATE users SET role = 'clinician' WHERE id = "
                "(SELECT id FROM users WHERE role = 'person' LIMIT 1)"
            )
        return path.read_bytes()
    assert server is not None
    scratch = sa.create_engine(server.create_database(), poolclass=sa.NullPool)
    try:
        dump = work / "original.pgdump"
        dump.write_bytes(database_file)
        postgres.restore(scratch, dump)
        with scratch.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE users SET role = 'clinician' WHERE id = "
                "(SELECT id FROM users WHERE role = 'person' LIMIT 1)"
            )
        edited = work / "edited.pgdump"
        postgres.dump(scratch, edited)
        return edited.read_bytes()
    finally:
        scratch.dispose()


def database_state(settings: Settings) -> object:
    if settings.uses_sqlite:
        return tree(settings.data_dir)
    engine = sa.create_engine(settings.database_url, poolclass=sa.NullPool)
    try:
        return postgres.schema_objects(engine)
    finally:
        engine.dispose()


def test_a_tampered_archive_leaves_the_target_byte_identical_and_modes_are_private(
    clinic: Settings,
    target_settings: Settings,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    FileResearchKey(clinic.data_dir).secret()  # the clinic has a research key to back up
    archive = tmp_path / "clinic.backup"
    assert run_cli(clinic, "backup", "--out", str(archive)).exit_code == 0
    assert mode(archive) == 0o600
    with tarfile.open(archive) as source:
        database_name = json.loads(source.extractfile("manifest.json").read())["database_file"]  # type: ignore[union-attr]
        original = source.extractfile(database_name).read()  # type: ignore[union-attr]
    work = tmp_path / "work"
    work.mkdir()
    server = None if clinic.uses_sqlite else request.getfixturevalue("postgres_server")
    tampered = tmp_path / "tampered.backup"
    repack(archive, tampered, {database_name: promote_a_person(original, work, clinic, server)})

    # The target: an existing data dir holding a note and an empty photo folder.
    target_settings.photo_dir.mkdir(parents=True)
    (target_settings.data_dir / "NOTE.txt").write_text("restore here\n")
    before_files, before_db = tree(target_settings.data_dir), database_state(target_settings)
    refused = run_cli(target_settings, "restore", str(tampered))
    assert refused.exit_code == 2, refused.output
    assert "does not match" in refused.output
    assert "users" in refused.output
    assert tree(target_settings.data_dir) == before_files
    assert database_state(target_settings) == before_db

    # Nothing was left behind to refuse the genuine backup.
    restored = run_cli(target_settings, "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    (target_settings.data_dir / "NOTE.txt").unlink()
    assert_private(target_settings.data_dir)
    assert (target_settings.data_dir / "research-export.key").exists()


def test_a_manifest_naming_a_path_outside_the_archive_is_refused(
    settings: Settings, tmp_path: Path
) -> None:
    """Backend-independent (the manifest is checked before anything else): SQLite only."""
    seed_demo(settings, persons=1, days=1, seed=3, now=NOW)
    archive = tmp_path / "clinic.backup"
    assert run_cli(settings, "backup", "--out", str(archive)).exit_code == 0
    target = settings.with_data_dir(tmp_path / "restored")
    for name in ("/etc/passwd", "../outside.sqlite3", "database/./x", "database//x"):
        crafted = tmp_path / "crafted.backup"
        crafted.unlink(missing_ok=True)

        def point_elsewhere(manifest: dict[str, object], name: str = name) -> None:
            manifest["database_file"] = name

        repack(archive, crafted, {}, point_elsewhere)
        refused = run_cli(target, "restore", str(crafted))
        assert refused.exit_code == 2
        assert "not a plain name inside the archive" in refused.output
        assert not target.data_dir.exists()
