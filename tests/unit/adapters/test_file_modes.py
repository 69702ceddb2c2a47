"""Start-up keeps the data dir private without walking every photo at every start: the whole
tree is walked when the data dir is found open (an older install, modes changed by hand) and
then marked; a data dir already closed and marked has only its top level checked."""

from __future__ import annotations

import stat
from pathlib import Path

from speciosa.adapters.file_modes import MODES_WALKED, secure_data_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_install(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A data dir as an older version left it: 0755, a 0644 database and a 0644 photo."""
    data_dir = tmp_path / "data"
    photo = data_dir / "photos" / "ab" / "old.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"photo")
    database = data_dir / "speciosa.sqlite3"
    database.write_bytes(b"")
    for path in (photo, database):
        path.chmod(0o644)
    for folder in (data_dir, data_dir / "photos", photo.parent):
        folder.chmod(0o755)
    return data_dir, database, photo


def test_an_open_data_dir_is_walked_in_full_and_marked(tmp_path: Path) -> None:
    data_dir, database, photo = open_install(tmp_path)
    secure_data_dir(data_dir)
    assert (mode(data_dir), mode(photo.parent), mode(photo), mode(database)) == (
        0o700,
        0o700,
        0o600,
        0o600,
    )
    assert mode(data_dir / MODES_WALKED) == 0o600


def test_a_closed_marked_data_dir_checks_only_its_top_level(tmp_path: Path) -> None:
    data_dir, database, photo = open_install(tmp_path)
    secure_data_dir(data_dir)
    # Deep inside a closed data dir nobody else can reach a file whatever its mode: not walked.
    photo.chmod(0o644)
    database.chmod(0o644)
    secure_data_dir(data_dir)
    assert mode(photo) == 0o644
    assert mode(database) == 0o600  # the top level is still checked


def test_a_data_dir_opened_again_by_hand_is_walked_again(tmp_path: Path) -> None:
    data_dir, _, photo = open_install(tmp_path)
    secure_data_dir(data_dir)
    photo.chmod(0o644)
    data_dir.chmod(0o755)
    secure_data_dir(data_dir)
    assert (mode(data_dir), mode(photo)) == (0o700, 0o600)


def test_a_closed_data_dir_without_the_marker_is_walked(tmp_path: Path) -> None:
    """A data dir made 0700 by a version before the marker: walked once, then marked."""
    data_dir, _, photo = open_install(tmp_path)
    data_dir.chmod(0o700)
    secure_data_dir(data_dir)
    assert mode(photo) == 0o600
    assert (data_dir / MODES_WALKED).is_file()
