"""The cohort export written as CSV or Parquet (pyarrow), one row per check-in, written to a
temporary file beside the target and renamed, so a reader never sees half a file.

Rows arrive in batches and are written as they come (one Parquet row group per batch, CSV lines
straight to the file), so memory holds one batch, not the cohort (issue 17)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from speciosa.domain.reports.cohort import COHORT_COLUMNS, CohortRow

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


@dataclass
class CohortTally:
    """What a streamed export wrote: rows, and the distinct persons among them."""

    rows: int = 0
    person_keys: set[str] = field(default_factory=set)

    @property
    def persons(self) -> int:
        return len(self.person_keys)

    def count(self, batch: Sequence[CohortRow]) -> None:
        self.rows += len(batch)
        self.person_keys.update(r.person_key for r in batch)


def _write_csv_batches(
    batches: Iterable[Sequence[CohortRow]], target: Path, tally: CohortTally
) -> None:
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COHORT_COLUMNS)
        for batch in batches:
            writer.writerows(["" if v is None else v for v in row.values()] for row in batch)
            tally.count(batch)


def _table(rows: Sequence[CohortRow]) -> pa.Table:
    columns = {name: [getattr(r, name) for r in rows] for name in COHORT_COLUMNS}
    return pa.Table.from_pydict(columns, schema=PARQUET_SCHEMA)


def _write_parquet_batches(
    batches: Iterable[Sequence[CohortRow]], target: Path, tally: CohortTally
) -> None:
    with pq.ParquetWriter(target, PARQUET_SCHEMA) as writer:
        for batch in batches:
            if batch:
                writer.write_table(_table(batch))
            tally.count(batch)


def write_cohort_batches(
    batches: Iterable[Sequence[CohortRow]], path: Path, fmt: str
) -> CohortTally:
    """Stream the batches into `path` (csv or parquet); the file appears only when complete."""
    tally = CohortTally()
    write = _write_parquet_batches if fmt == "parquet" else _write_csv_batches
    _atomic(path, lambda target: write(batches, target, tally))
    return tally


def write_cohort(rows: Sequence[CohortRow], path: Path, fmt: str) -> None:
    write_cohort_batches([rows], path, fmt)
