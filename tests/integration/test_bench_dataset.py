"""The benchmark dataset generator at a small size (20 persons × 14 days), on SQLite and on
PostgreSQL (COPY): the row counts it promises, and the clinician's dashboard and a person page
answering on what it wrote. Then the streamed cohort export, in batches of 3 persons, must equal
the old whole-table writers' output on the same data, byte for byte (CSV) and table for table
(Parquet)."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from benchmarks.dataset import PASSWORD, SeedReport, seed
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from speciosa.adapters.cohort_files import PARQUET_SCHEMA, write_cohort_batches
from speciosa.adapters.db.rows.base import Base
from speciosa.bootstrap import Services
from speciosa.domain.reports.cohort import COHORT_COLUMNS, CohortRow
from speciosa.entrypoints.app import create_app
from tests.support.database import open_connection

PERSONS, DAYS = 20, 14
CHECKINS = (PERSONS - 1) * DAYS + (DAYS - 5)  # person 0 went silent five days ago
EXPECTED = {
    "users": PERSONS + 1,  # one clinician per 50 persons
    "persons": PERSONS,
    "consents": PERSONS,
    "withdrawal_profiles": PERSONS,
    "purchases": PERSONS,
    "lab_certificates": 1,
    "checkins": CHECKINS,
    "doses": 2 * CHECKINS,
    "audit_events": 3 * CHECKINS + 1,  # per check-in and dose; the clinician's account
}


@pytest.fixture
def seeded(services: Services) -> SeedReport:
    return seed(services, PERSONS, DAYS)


def test_generator_writes_the_promised_rows(services: Services, seeded: SeedReport) -> None:
    with open_connection(services) as connection:
        for name, count in EXPECTED.items():
            table = Base.metadata.tables[name]
            found = connection.scalar(select(func.count()).select_from(table))
            assert (name, found) == (name, count)
            assert seeded.rows[name] == count
        consents_per_clinician = connection.execute(
            text("SELECT clinician_id, count(*) FROM consents GROUP BY clinician_id")
        ).all()
    assert [n for _, n in consents_per_clinician] == [PERSONS]
    assert seeded.rows_per_second > 0


def test_dashboard_person_page_and_checkin_list_answer_on_generated_data(
    services: Services, seeded: SeedReport
) -> None:
    with open_connection(services) as connection:
        person_id = connection.scalar(text("SELECT person_id FROM persons ORDER BY person_id"))
    with TestClient(create_app(services.settings, services)) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
        assert token is not None
        signed_in = client.post(
            "/sign-in",
            data={
                "email": seeded.first_clinician_email,
                "password": PASSWORD,
                "csrf_token": token.group(1),
            },
        )
        assert signed_in.status_code in (200, 303), signed_in.text
        dashboard = client.get("/clinic")
        assert dashboard.status_code == 200
        assert "Bench Person" in dashboard.text
        page = client.get(f"/clinic/persons/{person_id}")
        assert page.status_code == 200, page.text
        token_answer = client.post(
            "/api/v1/auth/token",
            data={"username": seeded.first_clinician_email, "password": PASSWORD},
        )
        bearer = {"Authorization": f"Bearer {token_answer.json()['access_token']}"}
        checkins = client.get(f"/api/v1/checkins?person_id={person_id}", headers=bearer)
        assert checkins.status_code == 200, checkins.text  # the API re-reads every answer
        assert checkins.json()["items"]


def _old_csv(rows: Sequence[CohortRow], path: Path) -> None:
    """The in-memory writer the export used before it streamed."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COHORT_COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row.values()])


def _old_parquet(rows: Sequence[CohortRow], path: Path) -> None:
    columns = {name: [getattr(r, name) for r in rows] for name in COHORT_COLUMNS}
    pq.write_table(pa.Table.from_pydict(columns, schema=PARQUET_SCHEMA), path)


def test_streamed_cohort_equals_the_in_memory_export(
    services: Services, seeded: SeedReport, tmp_path: Path
) -> None:
    whole = services.cohort.export()
    assert len({r.person_key for r in whole}) == PERSONS // 2  # even persons consented
    _old_csv(whole, tmp_path / "old.csv")
    _old_parquet(whole, tmp_path / "old.parquet")
    batches = list(services.cohort.export_batches(persons_per_batch=3))
    assert len(batches) == 4  # 10 persons in batches of 3
    csv_tally = write_cohort_batches(iter(batches), tmp_path / "new.csv", "csv")
    write_cohort_batches(iter(batches), tmp_path / "new.parquet", "parquet")
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()
    assert pq.read_table(tmp_path / "new.parquet").equals(pq.read_table(tmp_path / "old.parquet"))
    assert pq.ParquetFile(tmp_path / "new.parquet").num_row_groups == len(batches)
    assert (csv_tally.rows, csv_tally.persons) == (len(whole), PERSONS // 2)
