"""`speciosa coa check` (the JSON contract, exit codes) and `speciosa coa import DIR`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.support.coa_pdf import PASSING_PANEL, make_coa_pdf

DATA = Path(__file__).parent.parent / "data" / "coa"
FINDING_KEYS = {"analyte", "status", "value", "unit", "limit", "rule", "source"}


def test_check_json_has_exactly_the_contract_shape(cli: Cli) -> None:
    out = cli.json(
        "coa", "check", str(DATA / "passing_mixed_units.csv"), "--daily-grams", "6", "--json"
    )
    assert set(out) == {"verdict", "findings", "batch"}
    assert out["verdict"] == "pass"
    assert all(set(f) == FINDING_KEYS for f in out["findings"])
    assert out["batch"]["batch"] == "RB-2610-11"
    assert out["batch"]["daily_grams"] == 6.0


def test_check_fails_on_lead_with_the_limit_and_source(cli: Cli) -> None:
    out = cli.json("coa", "check", str(DATA / "failing_lead.csv"), "--daily-grams", "4", "--json")
    assert out["verdict"] == "fail"
    failed = [f for f in out["findings"] if f["status"] == "fail"]
    assert {f["analyte"] for f in failed} == {"Lead"}
    usp = next(f for f in failed if "USP" in f["rule"])
    assert (usp["value"], usp["unit"], usp["limit"]) == (3.1, "µg/g", 1.25)
    assert "USP General Chapter <2232>" in usp["source"]


def test_an_unknown_unit_is_a_finding_naming_the_unit(cli: Cli) -> None:
    out = cli.json("coa", "check", str(DATA / "unknown_unit.csv"), "--json")
    assert out["verdict"] != "pass"
    [unknown] = [f for f in out["findings"] if f["status"] == "unknown_unit"]
    assert unknown["unit"] == "mg per serving"
    assert unknown["analyte"] == "Mercury"


def test_a_generated_pdf_is_checked(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "coa.pdf"
    path.write_bytes(make_coa_pdf([("Lead", "0.1", "ppm"), ("7-OH", "0.02", "%")]))
    out = cli.json("coa", "check", str(path), "--json")
    assert out["batch"]["format"] == "pdf"
    assert out["verdict"] == "incomplete"
    # The contract's keys, plus where each value was read and that nobody confirmed it.
    assert all(set(f) == FINDING_KEYS | {"page", "confirmed"} for f in out["findings"])
    lead = next(f for f in out["findings"] if f["analyte"] == "Lead" and "USP" in f["rule"])
    assert (lead["page"], lead["confirmed"]) == (1, False)


def test_a_complete_passing_pdf_is_at_best_incomplete_from_the_command_line(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "coa.pdf"
    path.write_bytes(make_coa_pdf(PASSING_PANEL))
    out = cli.json("coa", "check", str(path), "--daily-grams", "10", "--json")
    assert out["verdict"] == "incomplete"
    blocking = [f for f in out["findings"] if f["status"] not in ("pass", "info", "flag")]
    [review] = blocking  # the only thing between this certificate and a pass
    assert "review needed" in review["rule"]
    assert review["confirmed"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["truncated.json"], "JSON certificate cannot be read"),
        (["empty.csv"], "empty"),
        (["binary_junk.bin"], "neither UTF-8"),
        (["passing_mixed_units.csv", "--daily-grams", "-1"], "--daily-grams"),
        (["passing_mixed_units.csv", "--daily-grams", "0"], "more than 0 grams"),
        (["no-such-file.csv"], "There is no file"),
    ],
)
def test_bad_input_exits_2_with_a_message(cli: Cli, args: list[str], message: str) -> None:
    result = cli("coa", "check", str(DATA / args[0]), *args[1:], "--json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_plain_output_names_the_reasons(cli: Cli) -> None:
    result = cli("coa", "check", str(DATA / "failing_lead.csv"), "--daily-grams", "4")
    assert result.exit_code == 0
    assert "Verdict: FAIL at 4 g/day" in result.stdout
    assert "Lead" in result.stdout


def test_import_a_folder_twice_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "coas"
    folder.mkdir()
    for name in (
        "passing_mixed_units.json",
        "passing_mixed_units.csv",
        "failing_lead.csv",
        "truncated.json",
    ):
        shutil.copy(DATA / name, folder / name)
    first = cli("coa", "import", str(folder), "--vendor", "Leafy Co", "--json")
    assert first.exit_code == 0, first.output
    out = json.loads(first.stdout)
    assert sorted(i["verdict"] for i in out["imported"]) == ["fail", "pass", "pass"]
    assert all(i["created"] for i in out["imported"])
    assert [s["file"] for s in out["skipped"]] == ["truncated.json"]
    again = json.loads(cli("coa", "import", str(folder), "--vendor", "Leafy Co", "--json").stdout)
    assert not any(i["created"] for i in again["imported"])
    plain = cli("coa", "import", str(folder), "--vendor", "Leafy Co")
    assert "Importing certificates" in plain.stdout
    assert "0 new" in plain.stdout


def test_import_of_a_missing_folder_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("coa", "import", str(tmp_path / "none"), "--vendor", "X")
    assert result.exit_code == 2
    assert "no folder" in result.stderr


def test_serving_grams_applies_the_per_serving_limits(cli: Cli) -> None:
    # R.I. Gen. Laws § 21-28.12-3(a)(10): > 150 mg mitragynine or > 1 mg 7-OH per serving fails;
    # DEA notice of intent (1 Jul 2026): > 1.00 mg 7-OH per unit is flagged.
    path = str(DATA / "passing_mixed_units.csv")
    unknown = cli.json("coa", "check", path, "--json")
    assert [f["analyte"] for f in unknown["findings"] if "serving" in f["unit"]] == [
        "Per-serving limits"
    ]
    served = cli.json("coa", "check", path, "--serving-grams", "50", "--json")
    per_serving = [f for f in served["findings"] if f["unit"] == "mg per serving"]
    assert per_serving
    assert served["verdict"] == "fail"
    bad = cli("coa", "check", path, "--serving-grams", "0")
    assert bad.exit_code == 2
    assert "--serving-grams" in bad.stderr
