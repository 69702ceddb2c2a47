"""The backup manifest: round trip, refusal of what is not a backup, and table comparison."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from speciosa.domain.foundation.backup import (
    FileEntry,
    Manifest,
    TableCount,
    parse_manifest,
    table_differences,
)
from speciosa.domain.foundation.errors import InvalidInput

MANIFEST = Manifest(
    created_at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    speciosa_version="0.1.0",
    backend="sqlite",
    revisions=("0001_foundation",),
    tables={"users": TableCount(3, "a" * 64), "checkins": TableCount(0, "b" * 64)},
    files={
        "database/speciosa.sqlite3": FileEntry(4096, "c" * 64),
        "photos/ab/x.jpg": FileEntry(10, "d" * 64),
    },
    database_file="database/speciosa.sqlite3",
)


def test_a_manifest_survives_its_json() -> None:
    parsed = parse_manifest(MANIFEST.to_json())
    assert parsed == MANIFEST
    assert parsed.total_rows == 3
    assert parsed.photos == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "damaged"),
        ('{"format": "zip"}', "not a Speciosa backup"),
        ('{"format": "speciosa-backup", "format_version": 99}', "format version 99"),
        ('{"format": "speciosa-backup", "format_version": 1}', "damaged"),
        ("[1, 2]", "damaged"),
    ],
)
def test_what_is_not_a_readable_backup_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        parse_manifest(text)
    assert raised.value.field == "FILE"


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ({"users": TableCount(3, "a" * 64), "checkins": TableCount(0, "b" * 64)}, []),
        (
            {"users": TableCount(2, "a" * 64), "checkins": TableCount(0, "b" * 64)},
            ["table users has 2 rows, the backup 3"],
        ),
        (
            {"users": TableCount(3, "f" * 64), "checkins": TableCount(0, "b" * 64)},
            ["table users has the same row count but different content"],
        ),
        ({"users": TableCount(3, "a" * 64)}, ["table checkins is missing after the restore"]),
        (
            {**MANIFEST.tables, "extra": TableCount(0, "e" * 64)},
            ["table extra is in the database but not in the backup"],
        ),
    ],
)
def test_table_differences_name_each_table(
    found: dict[str, TableCount], expected: list[str]
) -> None:
    assert table_differences(MANIFEST.tables, found) == expected
