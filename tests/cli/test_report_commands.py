"""`speciosa report pdf`, `speciosa export fhir` and `speciosa export cohort` on a small demo
clinic: files written, an unknown person is exit 2 with a message, a clinician without consent
builds nothing, and the cohort carries no name or e-mail."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pyarrow.parquet as pq
import pytest

from speciosa.domain.foundation.accounts import Role
from tests.cli.conftest import Cli


@pytest.fixture
def clinic(cli: Cli) -> dict[str, Any]:
    seeded: dict[str, Any] = cli.json(
        "demo", "seed", "--persons", "2", "--days", "5", "--seed", "3", "--json"
    )
    return seeded


def test_report_pdf_writes_a_readable_pdf(cli: Cli, clinic: dict[str, Any], tmp_path: Path) -> None:
    person = clinic["persons"][0]
    out = tmp_path / "report.pdf"
    summary = cli.json(
        "report", "pdf", "--person", person["id"], "--out", str(out), "--days", "90", "--json"
    )
    assert summary["checkins"] > 0
    with pdfplumber.open(out) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert person["name"] in text
    assert "SOWS" in text


def test_an_unknown_person_is_exit_2_with_a_message(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path
) -> None:
    for command in (("report", "pdf"), ("export", "fhir")):
        result = cli(*command, "--person", "no-such-person", "--out", str(tmp_path / "x"))
        assert result.exit_code == 2
        assert "There is no person no-such-person" in result.output
        assert not (tmp_path / "x").exists()


def test_bad_days_and_missing_folder_are_exit_2(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path
) -> None:
    person = clinic["persons"][0]["id"]
    result = cli(
        "report", "pdf", "--person", person, "--out", str(tmp_path / "r.pdf"), "--days", "0"
    )
    assert result.exit_code == 2
    assert "--days" in result.output
    result = cli("report", "pdf", "--person", person, "--out", str(tmp_path / "no" / "r.pdf"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_export_fhir_as_the_consented_clinician(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path
) -> None:
    person = clinic["persons"][0]
    out = tmp_path / "bundle.json"
    clinician = clinic["clinicians"][0]["email"]
    result = cli.json(
        "export", "fhir", "--person", person["id"], "--out", str(out), "--as", clinician, "--json"
    )
    assert result["resources"]["Patient"] == 1
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"


def test_a_clinician_without_consent_cannot_export(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path
) -> None:
    created = cli(
        "users",
        "create",
        "--email",
        "other.clinician@example.org",
        "--role",
        Role.CLINICIAN.value,
        "--password-stdin",
        stdin="another password 1\n",
    )
    assert created.exit_code == 0, created.output
    person = clinic["persons"][0]["id"]
    for command, name in ((("report", "pdf"), "r.pdf"), (("export", "fhir"), "b.json")):
        result = cli(
            *command,
            "--person",
            person,
            "--out",
            str(tmp_path / name),
            "--as",
            "other.clinician@example.org",
        )
        assert result.exit_code == 2
        assert "no person" in result.output
        assert not (tmp_path / name).exists()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_cohort_has_no_names_or_emails(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"cohort.{fmt}"
    result = cli.json("export", "cohort", "--format", fmt, "--out", str(out), "--json")
    assert result["persons"] == 2  # demo persons consented to research use
    if fmt == "csv":
        with out.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        text = out.read_text(encoding="utf-8")
    else:
        rows = pq.read_table(out).to_pylist()
        text = repr(rows)
    assert len(rows) == result["rows"] > 0
    for account in clinic["persons"] + clinic["clinicians"]:
        assert account["email"] not in text
        assert account["id"] not in text
        assert account.get("name", "@@") not in text


def test_export_cohort_refuses_an_unknown_format(
    cli: Cli, clinic: dict[str, Any], tmp_path: Path
) -> None:
    result = cli("export", "cohort", "--format", "xlsx", "--out", str(tmp_path / "c.xlsx"))
    assert result.exit_code == 2
    assert "csv or parquet" in result.output
