"""Files only the server's own user can read: data dir 0700, every file in it 0600.

Health data must not be world-readable on a shared host. Two layers:
- `private_umask()` (umask 077) in every process the command line starts, so that whatever a
  library creates (SQLite's -wal/-shm, tar extraction, temporary files) is private from birth;
- explicit modes where we create files ourselves, and `secure_data_dir` at start-up, which also
  repairs a data dir made by an older version (0755 folders, 0644 database).

SQLite gives its -wal, -shm and -journal files the mode of the database file itself, so creating
the database 0600 (`create_private_file`) makes them 0600 whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
# Left in the data dir once its whole tree was made private (see `secure_data_dir`).
MODES_WALKED = ".modes-walked"


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def _owned(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.geteuid()
    except OSError:
        return False


def make_private_dir(path: Path) -> None:
    """Create `path` (and missing parents) and make it 0700, if it is ours."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if _owned(path) and stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR:
        path.chmod(PRIVATE_DIR)


def make_private_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if stat.S_IMODE(path.lstat().st_mode) != PRIVATE_FILE and not path.is_symlink():
            path.chmod(PRIVATE_FILE)


def create_private_file(path: Path) -> None:
    """Create an empty file 0600 unless it exists (then only its mode is repaired)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        make_private_file(path)


def secure_sqlite_file(database: Path) -> None:
    """The database file and its side files 0600, its folder 0700 (created when missing)."""
    make_private_dir(database.parent)
    create_private_file(database)
    for suffix in SQLITE_SIDE_FILES:
        make_private_file(Path(f"{database}{suffix}"))


def secure_tree(root: Path) -> None:
    """Every folder under `root` 0700 and every file 0600 (photos, keys, restored files)."""
    if not root.is_dir():
        return
    make_private_dir(root)
    _make_private(root.rglob("*"))


def _make_private(paths: Iterable[Path]) -> None:
    """Folders 0700 and files 0600; a symlink is left alone (its target is not ours to judge)."""
    for path in paths:
        if path.is_symlink():
            continue
        if path.is_dir():
            make_private_dir(path)
        elif path.is_file():
            make_private_file(path)


def secure_data_dir(data_dir: Path) -> None:
    """The data dir 0700 and everything Speciosa keeps in it private (repairs older installs).

    Every command starts with this, and a programme's data dir holds a file per photo: walking
    all of them at each start grows with the data. A data dir that was already 0700 and ours
    when this started, and that this version already walked (`MODES_WALKED`), hides whatever it
    holds from every other user, so only its top level is checked again; a data dir found open
    (an older install, or modes changed by hand) is walked in full, and then marked."""
    marker = data_dir / MODES_WALKED
    closed = _is_private_dir(data_dir)
    make_private_dir(data_dir)
    if closed and marker.is_file():
        _make_private(data_dir.iterdir())
        return
    secure_tree(data_dir)
    create_private_file(marker)


def _is_private_dir(path: Path) -> bool:
    try:
        found = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.geteuid()
        and stat.S_IMODE(found.st_mode) == PRIVATE_DIR
    )
