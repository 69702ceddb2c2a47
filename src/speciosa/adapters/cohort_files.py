"""The cohort export written as CSV or Parquet (pyarrow), one row per check-in, written to a
temporary file beside the target and renamed, so a reader never sees half a file."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from speciosa.domain.cohort import COHORT_COLUMNS, CohortRow

COHORT_FORMATS = ("csv", "parquet")
PARQUET_SCHEMA = pa.schema(
    [
        ("person_key", pa.string()),
        ("checkin_seq", pa.int32()),
        ("day", pa.int32()),
        ("instrument", pa.string()),
        ("rater", pa.string()),
        ("total", pa.int32()),
        ("max_total", pa.int32()),
        ("band", pa.string()),
        ("opioids", pa.string()),
        ("doses_24h", pa.int32()),
        ("kratom_grams_24h", pa.float64()),
        ("mitragynine_mg_24h", pa.float64()),
    ]
)


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv(rows: Sequence[CohortRow], path: Path) -> None:
    def write(target: Path) -> None:
        with target.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(COHORT_COLUMNS)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row.values()])

    _atomic(path, write)


def write_parquet(rows: Sequence[CohortRow], path: Path) -> None:
    columns = {name: [getattr(r, name) for r in rows] for name in COHORT_COLUMNS}
    table = pa.Table.from_pydict(columns, schema=PARQUET_SCHEMA)

    def write(target: Path) -> None:
        pq.write_table(table, target)

    _atomic(path, write)


def write_cohort(rows: Sequence[CohortRow], path: Path, fmt: str) -> None:
    if fmt == "parquet":
        write_parquet(rows, path)
    else:
        write_csv(rows, path)
