"""`speciosa interactions check`, `speciosa legal`, `speciosa evidence`: the JSON contracts."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli


def test_interactions_check_json_is_exactly_the_contract(cli: Cli) -> None:
    out = cli.json("interactions", "check", "XANAX", "gabapentin", "Frobnicol", "--json")
    assert set(out) == {"interactions", "unrecognised"}
    assert out["unrecognised"] == ["Frobnicol"]
    for item in out["interactions"]:
        assert set(item) == {"substance", "with", "severity", "mechanism", "advice", "source"}
    pairs = [(i["substance"], i["with"], i["severity"]) for i in out["interactions"]]
    assert pairs[0] == ("kratom", "alprazolam", "major")
    assert ("gabapentin", "alprazolam", "major") in pairs
    ranks = ["contraindicated", "major", "moderate", "minor"]
    severities = [ranks.index(i["severity"]) for i in out["interactions"]]
    assert severities == sorted(severities)


def test_interactions_check_by_class_and_plain_output(cli: Cli) -> None:
    out = cli.json("interactions", "check", "benzodiazepine", "--json")
    assert [(i["with"], i["severity"]) for i in out["interactions"]] == [
        ("benzodiazepines", "major")
    ]
    plain = cli("interactions", "check", "Ultram", "Nardil")
    assert plain.exit_code == 0
    assert "CONTRAINDICATED: tramadol with phenelzine" in plain.stdout


def test_an_unrecognised_name_is_reported_in_plain_output_too(cli: Cli) -> None:
    result = cli("interactions", "check", "Frobnicol")
    assert result.exit_code == 0
    assert "No interaction on record" in result.stdout
    assert "Not recognised (not checked): Frobnicol" in result.stderr


def test_legal_json_is_exactly_the_contract_and_case_insensitive(cli: Cli) -> None:
    out = cli.json("legal", "us-ri", "--json", "--on", "2026-11-25")
    assert set(out) == {
        "jurisdiction", "name", "status", "minimum_age", "seven_oh_rules", "notes", "source",
        "as_of", "effective_from", "verified", "verification_note", "may_be_out_of_date",
        "federal",
    }  # fmt: skip
    assert (out["jurisdiction"], out["status"], out["minimum_age"]) == ("US-RI", "regulated", 21)
    # as_of is the date the source confirmed the status (the Act's effective date), not entry day.
    assert (out["as_of"], out["verified"], out["may_be_out_of_date"]) == ("2026-04-01", True, False)
    assert out["federal"]["jurisdiction"] == "US"
    assert "0.050 %" in out["federal"]["seven_oh_rules"]
    before = cli.json("legal", "US-RI", "--json", "--on", "2026-03-31")
    assert before["status"] == "banned"


def test_legal_plain_output_says_when_it_may_be_out_of_date(cli: Cli) -> None:
    # Rhode Island's row was confirmed on 2026-04-01 (the Act's effective date).
    fresh = cli("legal", "US-RI", "--on", "2026-12-01")
    assert fresh.exit_code == 0
    assert "regulated, minimum age 21" in fresh.stdout
    assert "Rhode Island (US-RI): regulated" in fresh.stdout
    assert "Federal law applies too" in fresh.stdout
    stale = cli("legal", "US-RI", "--on", "2027-06-01")
    assert "may be out of date" in stale.stdout.split("Federal law")[0]


def test_an_unknown_code_exits_2_naming_it(cli: Cli) -> None:
    result = cli("legal", "zz", "--json")
    assert result.exit_code == 2
    assert "'ZZ'" in result.stderr
    assert result.stdout == ""
    malformed = cli("legal", "U5A")
    assert malformed.exit_code == 2
    assert "'U5A'" in malformed.stderr
    bad_date = cli("legal", "US", "--on", "yesterday")
    assert bad_date.exit_code == 2
    assert "--on" in bad_date.stderr


def test_evidence_lists_every_claim_with_its_grade(cli: Cli) -> None:
    out = cli.json("evidence", "--json")
    grades = {c["id"]: c["grade"] for c in out["claims"]}
    assert grades["hyperpigmentation_improvement"] == "contradicted"
    assert grades["dependence"] == "supported"
    plain = cli("evidence")
    assert plain.exit_code == 0
    assert "Hyperpigmentation improvement: CONTRADICTED" in plain.stdout


@pytest.mark.parametrize("name", ["sertraline", "Zoloft", "ZOLOFT"])
def test_sertraline_and_its_brand_are_recognised_with_their_interaction(
    cli: Cli, name: str
) -> None:
    # Issue 12 acceptance: "not recognised" before; FDA DSC 22 Mar 2016 (serotonin syndrome).
    out = cli.json("interactions", "check", name, "--json")
    assert out["unrecognised"] == []
    assert [(i["with"], i["severity"]) for i in out["interactions"]] == [("sertraline", "moderate")]
    assert "serotonin syndrome" in out["interactions"][0]["mechanism"]


def test_methadone_reports_the_qt_interaction(cli: Cli) -> None:
    # Leong Abdullah et al. Clin Toxicol 2021;59(5):400-408; Dolophine label (QT boxed warning).
    out = cli.json("interactions", "check", "methadone", "--json")
    qt = [i for i in out["interactions"] if "QT" in i["mechanism"]]
    assert [(i["with"], i["severity"]) for i in qt] == [("methadone", "major")]
    assert "Leong Abdullah" in qt[0]["source"]
