"""`speciosa mme`, `alkaloids`, `taper plan`: contract JSON and exit-2 refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "regimen.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_mme_contract(cli: Cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        json.dumps(
            [
                {"drug": "Oxycodone", "dose_mg": 10, "doses_per_day": 2},
                {"drug": "fentanyl_transdermal", "mcg_per_hour": 25},
            ]
        ),
    )
    out = cli.json("mme", "--regimen", path, "--json")
    assert out["total_mme"] == 90.0
    assert [set(i) for i in out["items"]] == [{"drug", "mme", "factor", "source"}] * 2
    assert [(i["drug"], i["mme"], i["factor"]) for i in out["items"]] == [
        ("oxycodone", 30.0, 1.5),
        ("fentanyl_transdermal", 60.0, 2.4),
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"drug": "buprenorphine", "dose_mg": 8, "doses_per_day": 1}]', "buprenorphine"),
        ('[{"drug": "kryptonite", "dose_mg": 8, "doses_per_day": 1}]', "kryptonite"),
        ('[{"drug": "morphine", "dose_mg": -8, "doses_per_day": 1}]', "dose_mg"),
        ('[{"drug": "morphine", "dose_mg": 8, "doses_per_day": "two"}]', "doses_per_day"),
        ("{not json", "not valid JSON"),
    ],
)
def test_mme_refusals_exit_2_naming_the_problem(
    cli: Cli, tmp_path: Path, content: str, words: str
) -> None:
    result = cli("mme", "--regimen", write(tmp_path, content), "--json")
    assert result.exit_code == 2
    assert words in result.stderr


def test_alkaloids_contract(cli: Cli) -> None:
    assert cli.json("alkaloids", "--grams", "4", "--mitragynine-pct", "1.33", "--json") == {
        "mitragynine_mg": 53.2,
        "hydroxymitragynine_mg": None,
    }
    both = cli.json(
        "alkaloids",
        "--grams",
        "2",
        "--mitragynine-pct",
        "1.5",
        "--hydroxymitragynine-pct",
        "0.03",
        "--json",
    )
    assert both == {"mitragynine_mg": 30.0, "hydroxymitragynine_mg": 0.6}


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--grams", "-1", "--mitragynine-pct", "1"], "--grams"),
        (["--grams", "1", "--mitragynine-pct", "120"], "--mitragynine-pct"),
        (
            ["--grams", "1", "--mitragynine-pct", "1", "--hydroxymitragynine-pct", "-2"],
            "--hydroxymitragynine-pct",
        ),
    ],
)
def test_alkaloids_refusals_name_the_argument(cli: Cli, args: list[str], name: str) -> None:
    result = cli("alkaloids", *args)
    assert result.exit_code == 2
    assert name in result.stderr


def test_taper_plan_contract(cli: Cli) -> None:
    out = cli.json(
        "taper",
        "plan",
        "--start",
        "8",
        "--unit-step",
        "1",
        "--reduction-pct",
        "25",
        "--every-days",
        "14",
        "--start-date",
        "2026-12-01",
        "--json",
    )
    assert out == {
        "steps": [
            {"date": "2026-12-01", "amount": 8},
            {"date": "2026-12-15", "amount": 6},
            {"date": "2026-12-29", "amount": 4},
            {"date": "2027-01-12", "amount": 3},
            {"date": "2027-01-26", "amount": 2},
            {"date": "2027-02-09", "amount": 1},
            {"date": "2027-02-23", "amount": 0},
        ]
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            [
                "--start",
                "8",
                "--unit-step",
                "1",
                "--reduction-pct",
                "0",
                "--every-days",
                "7",
                "--start-date",
                "2026-12-01",
            ],
            "reduction_pct",
        ),
        (
            [
                "--start",
                "8",
                "--unit-step",
                "1",
                "--reduction-pct",
                "10",
                "--every-days",
                "7",
                "--start-date",
                "1 Dec",
            ],
            "--start-date",
        ),
        (
            [
                "--start",
                "8.3",
                "--unit-step",
                "1",
                "--reduction-pct",
                "10",
                "--every-days",
                "7",
                "--start-date",
                "2026-12-01",
            ],
            "whole number of unit steps",
        ),
    ],
)
def test_taper_plan_refusals(cli: Cli, args: list[str], words: str) -> None:
    result = cli("taper", "plan", *args)
    assert result.exit_code == 2
    assert words in result.stderr
