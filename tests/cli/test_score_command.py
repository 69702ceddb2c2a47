"""`speciosa score cows|sows|oows --answers FILE.json [--json]` (issue 3 contract)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli

COWS = {
    "pulse_bpm": 96,
    "sweating": 1,
    "restlessness": 3,
    "pupils": 1,
    "bone_joint_aches": 2,
    "runny_nose_tearing": 1,
    "gi_upset": 2,
    "tremor": 1,
    "yawning": 1,
    "anxiety_irritability": 2,
    "gooseflesh": 0,
}  # 15: moderate (Wesson & Ling 2003)
OOWS = dict.fromkeys(
    [
        "yawning",
        "rhinorrhoea",
        "piloerection",
        "perspiration",
        "lacrimation",
        "mydriasis",
        "tremor",
        "hot_cold_flushes",
        "restlessness",
        "vomiting",
        "muscle_twitches",
        "abdominal_cramps",
        "anxiety",
    ],
    1,
)


def write(tmp_path: Path, answers: Any) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    return str(path)


def test_json_output_is_the_contract(cli: Cli, tmp_path: Path) -> None:
    out = cli.json("score", "cows", "--answers", write(tmp_path, COWS), "--json")
    assert set(out) == {"instrument", "total", "band", "items"}
    assert (out["instrument"], out["total"], out["band"]) == ("cows", 15, "moderate")
    assert out["items"][0] == {"id": "pulse_bpm", "value": 96, "score": 1}
    assert all(set(i) == {"id", "value", "score"} for i in out["items"])
    assert sum(i["score"] for i in out["items"]) == out["total"]


def test_oows_has_no_band(cli: Cli, tmp_path: Path) -> None:
    out = cli.json("score", "oows", "--answers", write(tmp_path, OOWS), "--json")
    assert (out["total"], out["band"]) == (13, None)


def test_plain_output_explains_each_item(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "score",
        "sows",
        "--answers",
        write(tmp_path, dict.fromkeys(json.loads(json.dumps(SOWS_IDS)), 2)),
    )
    assert result.exit_code == 0, result.output
    assert "total 32 of 64: severe (NIDA CTN band)" in result.stdout
    assert "Moderately" in result.stdout


SOWS_IDS = [
    "anxious",
    "yawning",
    "perspiring",
    "teary_eyes",
    "runny_nose",
    "goosebumps",
    "shaking",
    "hot_flushes",
    "cold_flushes",
    "aching",
    "restless",
    "nauseous",
    "vomiting_urge",
    "muscle_twitch",
    "stomach_cramps",
    "urge_to_use",
]


@pytest.mark.parametrize(
    ("instrument", "answers", "words"),
    [
        ("cows", COWS | {"restlessness": 2}, ["restlessness", "0, 1, 3 or 5"]),
        (
            "cows",
            {k: v for k, v in COWS.items() if k != "gi_upset"},
            ["gi_upset", "missing", "0, 1, 2, 3 or 5"],
        ),
        ("cows", COWS | {"fever": 1}, ["fever", "not a COWS item"]),
        ("cows", COWS | {"pulse_bpm": -60}, ["pulse_bpm", "0, 1, 2 or 4"]),
        ("cows", COWS | {"sweating": "1"}, ["sweating", "0, 1, 2, 3 or 4"]),
        ("sows", dict.fromkeys(SOWS_IDS, 5), ["anxious", "0, 1, 2, 3 or 4"]),
        ("gossop", COWS, ["gossop", "cows, sows, oows"]),
    ],
)
def test_bad_answers_exit_2_naming_the_item_and_its_options(
    cli: Cli, tmp_path: Path, instrument: str, answers: dict[str, Any], words: list[str]
) -> None:
    result = cli("score", instrument, "--answers", write(tmp_path, answers), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr


def test_unreadable_or_invalid_files_exit_2(cli: Cli, tmp_path: Path) -> None:
    missing = cli("score", "cows", "--answers", str(tmp_path / "none.json"))
    assert missing.exit_code == 2
    assert "--answers" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = cli("score", "cows", "--answers", str(bad))
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr
