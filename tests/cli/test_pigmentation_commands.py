"""`speciosa skin measure`: the JSON contract, and exit 2 naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli
from tests.support.pigmentation_photos import photo

KEYS = {"calibrated", "checker_delta_e", "roi", "reference", "delta_e_2000", "delta_L"}
SITE_KEYS = {"L", "a", "b", "ita_deg", "category", "melanin_index", "erythema_index"}


def box(values: tuple[int, int, int, int] | None) -> str:
    assert values is not None
    return ",".join(str(v) for v in values)


def test_measure_prints_the_contract_json(cli: Cli, tmp_path: Path) -> None:
    rendered = photo()
    path = tmp_path / "arm.jpg"
    path.write_bytes(rendered.jpeg)
    result = cli(
        "skin", "measure", str(path), "--roi", box(rendered.affected_box),
        "--reference-roi", box(rendered.reference_box), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert set(data["roi"]) == SITE_KEYS
    assert set(data["reference"]) == SITE_KEYS
    assert data["calibrated"] is True
    assert 0 < data["checker_delta_e"] < 2.5
    assert abs(data["delta_L"] - (58 - 66)) < 1.0
    assert data["roi"]["category"] in {"intermediate", "tan"}


def test_plain_output_for_people(cli: Cli, tmp_path: Path) -> None:
    rendered = photo()
    path = tmp_path / "arm.jpg"
    path.write_bytes(rendered.jpeg)
    result = cli("skin", "measure", str(path), "--roi", box(rendered.affected_box))
    assert result.exit_code == 0, result.output
    assert "calibrated with the ColorChecker" in result.stdout
    assert "ITA" in result.stdout


def test_no_chart_exits_2_unless_uncalibrated(cli: Cli, tmp_path: Path) -> None:
    rendered = photo(with_chart=False)
    path = tmp_path / "no-chart.jpg"
    path.write_bytes(rendered.jpeg)
    roi = box(rendered.affected_box)
    result = cli("skin", "measure", str(path), "--roi", roi)
    assert result.exit_code == 2
    assert "No ColorChecker chart was found" in result.stderr
    assert "--uncalibrated" in result.stderr
    plain = cli("skin", "measure", str(path), "--roi", roi, "--uncalibrated", "--json")
    assert plain.exit_code == 0, plain.output
    data = json.loads(plain.stdout)
    assert data["calibrated"] is False
    assert data["checker_delta_e"] is None
    assert data["reference"] is None
    assert data["delta_L"] is None


def test_a_text_file_named_jpg_exits_2(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_text("this is not a photo\n")
    result = cli("skin", "measure", str(path), "--roi", "0,0,10,10")
    assert result.exit_code == 2
    assert "not an image" in result.stderr


def test_a_roi_outside_the_image_exits_2_naming_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "arm.jpg"
    path.write_bytes(photo().jpeg)
    result = cli("skin", "measure", str(path), "--roi", "1000,800,400,400")
    assert result.exit_code == 2
    assert "--roi" in result.stderr
    assert "outside the photo" in result.stderr
    bad = cli("skin", "measure", str(path), "--roi", "10,10,big,5")
    assert bad.exit_code == 2
    assert "X,Y,W,H" in bad.stderr
    missing = cli("skin", "measure", str(tmp_path / "nope.jpg"), "--roi", "1,1,9,9")
    assert missing.exit_code == 2
    assert "There is no file" in missing.stderr
