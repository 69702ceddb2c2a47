"""The benchmark dataset generator (issue 17): a regional programme's data through the real
schema, fast enough for a 2-core machine.

The database is migrated first (`bootstrap` creates an empty database's schema), the first
clinician is made through the accounts service (so the benchmark can sign in with a real password
hash), and everything else is written in bulk: `COPY ... FROM STDIN` on PostgreSQL (psycopg's copy
protocol, no per-row statement) and one `executemany` per table and block on SQLite. Rows are made
`BLOCK` persons at a time (benchmarks/dataset_rows.py), so memory stays flat at 20,000 persons.

    python -m benchmarks.dataset --persons 200 --days 365 [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, select

from benchmarks.database import database_engine
from benchmarks.dataset_rows import (
    DatasetShape,
    Rows,
    catalogue_rows,
    clinician_email,
    clinician_rows,
    person_blocks,
)
from speciosa.adapters.db.rows.base import Base
from speciosa.adapters.db.rows.foundation import UserRow
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.accounts import Role
from speciosa.services.foundation.accounts import NewUser
from speciosa.settings import Settings

PASSWORD = "benchmark password 1"
BLOCK = 50  # persons per block: ~55,000 rows at 365 days
SIZES = {"small": 2_000, "large": 20_000}
DAYS = 365
# Parents before children, for the foreign keys.
TABLE_ORDER = (
    "users", "vendors", "products", "batches", "lab_certificates", "persons", "consents",
    "withdrawal_profiles", "purchases", "checkins", "doses", "alerts", "audit_events",
)  # fmt: skip


@dataclass
class SeedReport:
    persons: int
    days: int
    backend: str
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    first_clinician_email: str = ""

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


def _copy_block(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL: one COPY for the block; JSON columns as their text, the rest by psycopg."""
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
    raw: Any = connection.connection.driver_connection
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])


def _write(connection: Connection, rows: Rows, report: SeedReport) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name in TABLE_ORDER:
        block = rows.get(name)
        if not block:
            continue
        table = Base.metadata.tables[name]
        if postgres:
            _copy_block(connection, table, block)
        else:
            connection.execute(table.insert(), block)
        report.rows[name] = report.rows.get(name, 0) + len(block)


def seed(services: Services, persons: int, days: int, *, now: datetime | None = None) -> SeedReport:
    """Write the dataset into the (migrated, empty) database behind `services`."""
    with database_engine(services) as engine:
        return _seed(services, engine, persons, days, now)


def _seed(
    services: Services, engine: Engine, persons: int, days: int, now: datetime | None
) -> SeedReport:
    shape = DatasetShape(persons, days, now or services_now(services))
    report = SeedReport(persons, days, engine.dialect.name)
    started = time.perf_counter()
    first = services.accounts.create_user(
        NewUser(email=clinician_email(0), role=Role.CLINICIAN, password=PASSWORD)
    )
    report.first_clinician_email = first.email
    with engine.begin() as connection:
        hashed = connection.scalar(select(UserRow.password_hash).where(UserRow.id == first.id))
        hashed = hashed or "-"  # every account shares the benchmark password
        clinicians, clinician_ids = clinician_rows(shape, hashed)
        clinicians["users"] = clinicians["users"][1:]
        clinician_ids[0] = first.id
        report.rows.update(users=1, audit_events=1)  # the account and its creation's audit row
        catalogue, batch_ids = catalogue_rows(shape, clinician_ids)
        _write(connection, {**clinicians, **catalogue}, report)
    for rows in person_blocks(shape, clinician_ids, batch_ids, hashed, BLOCK):
        with engine.begin() as connection:
            _write(connection, rows, report)
    if report.backend == "postgresql":
        # A programme's tables have been vacuumed and analysed by autovacuum long before anyone
        # reads them; freshly COPYed ones have not (no visibility map, so index-only scans
        # visit the heap), and autovacuum may start on ~44 M new rows in the middle of the
        # measurements (two runs' 20,000-person p95s differed 1.5-2.5x). So the load ends in
        # the state a table in use is in.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
    report.seconds = time.perf_counter() - started
    return report


def services_now(services: Services) -> datetime:
    return services.clock.now().replace(microsecond=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=200)
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--database-url", default="", help="default: SQLite in --data-dir")
    parser.add_argument("--data-dir", type=Path, default=Path("bench-data"))
    args = parser.parse_args()
    settings = replace(
        Settings.from_env({}).with_data_dir(args.data_dir), fast_password_hashing=True
    )
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    services = bootstrap(settings)
    try:
        report = seed(
            services, args.persons, args.days, now=datetime.now(UTC).replace(microsecond=0)
        )
    finally:
        services.close()
    print(
        f"{report.backend}: {report.persons} persons × {report.days} days, "
        f"{report.total_rows:,} rows in {report.seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s)"
    )
    for name, count in sorted(report.rows.items()):
        print(f"  {name:20} {count:>12,}")


if __name__ == "__main__":
    main()
