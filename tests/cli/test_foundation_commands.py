"""The foundation's commands: version, db, users, demo seed, reference status, serve."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.cli.conftest import Cli
from tests.support.postgres import free_port


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("speciosa ")


def test_users_create_prints_the_contract_json_and_creates_the_database(cli: Cli) -> None:
    created = cli.json(
        "users",
        "create",
        "--email",
        "Nurse@Clinic.example",
        "--role",
        "clinician",
        "--password-stdin",
        "--name",
        "Nurse Joy",
        "--json",
        stdin="copper kettle meadow\n",
    )
    assert set(created) == {"id", "email", "role"}
    assert created["email"] == "nurse@clinic.example"
    assert created["role"] == "clinician"
    assert (cli.data_dir / "speciosa.sqlite3").exists()


def test_users_create_refuses_bad_input_with_exit_2(cli: Cli) -> None:
    cases = [
        (
            ["--email", "x@y.org", "--role", "wizard", "--password-stdin"],
            "copper kettle meadow\n",
            "role",
        ),
        (
            ["--email", "nope", "--role", "person", "--password-stdin"],
            "copper kettle meadow\n",
            "e-mail",
        ),
        (["--email", "x@y.org", "--role", "person", "--password-stdin"], "short\n", "8 characters"),
        (["--email", "x@y.org", "--role", "person"], None, "password-stdin"),
    ]
    for args, stdin, message in cases:
        result = cli("users", "create", *args, stdin=stdin)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    cli.json(
        "users",
        "create",
        "--email",
        "x@y.org",
        "--role",
        "person",
        "--password-stdin",
        "--json",
        stdin="copper kettle meadow\n",
    )
    again = cli(
        "users",
        "create",
        "--email",
        "x@y.org",
        "--role",
        "person",
        "--password-stdin",
        stdin="copper kettle meadow\n",
    )
    assert again.exit_code == 2
    assert "exists already" in again.stderr


def test_demo_seed_is_deterministic_and_idempotent(cli: Cli) -> None:
    first = cli.json("demo", "seed", "--persons", "3", "--days", "2", "--seed", "7", "--json")
    assert {"id", "email", "password"} <= set(first["clinicians"][0])
    assert len(first["persons"]) == 3
    assert {"id", "email", "name", "password"} <= set(first["persons"][0])
    again = cli.json("demo", "seed", "--persons", "3", "--days", "2", "--seed", "7", "--json")
    assert again == first


def test_db_upgrade_and_status(cli: Cli) -> None:
    assert cli.json("db", "upgrade", "--json")["up_to_date"] is True
    assert cli.json("db", "status", "--json")["up_to_date"] is True


def test_reference_status_lists_tables_with_provenance(cli: Cli) -> None:
    rows = cli.json("reference", "status", "--json")
    for row in rows:
        assert {"table", "rows", "oldest_as_of", "review_interval_days", "overdue"} <= set(row)
    bad = cli("reference", "status", "--today", "yesterday")
    assert bad.exit_code == 2


def test_serve_on_an_empty_data_dir_creates_the_database_and_answers_healthz(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "fresh"
    port = free_port()
    env = {**os.environ, "SPECIOSA_DATA_DIR": str(data_dir)}
    env.pop("SPECIOSA_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "speciosa", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline and status != 200:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
            except httpx.HTTPError:
                time.sleep(0.2)
        assert status == 200
        assert (data_dir / "speciosa.sqlite3").exists()
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/persons").status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()
