"""The pure precautions rules on small hand-made tables: malformed rows fail start-up, red-flag
triage, its alert draft, condition codes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.precautions.conditions import check_condition_codes
from speciosa.domain.precautions.interactions import parse_rules
from speciosa.domain.precautions.legal import parse_legal
from speciosa.domain.precautions.red_flags import red_flag_draft, triage
from speciosa.domain.precautions.substances import parse_substances
from speciosa.services.precautions.reference_tables import parse_precautions_reference

SRC = {"source": "test source, 2026", "as_of": date(2026, 11, 25)}


def table(name: str, rows: list[dict[str, Any]], interval: int = 365) -> ReferenceTable:
    return ReferenceTable(name, 1, interval, "", tuple(rows))


def test_a_substance_naming_an_unknown_class_fails() -> None:
    rows = [
        {"name": "kratom", "kind": "substance", **SRC},
        {"name": "x", "kind": "substance", "classes": ["nope"], **SRC},
    ]
    with pytest.raises(ReferenceDataError, match="unknown class 'nope'"):
        parse_substances(table("substances", rows))


def test_one_name_cannot_mean_two_substances() -> None:
    rows = [
        {"name": "kratom", "kind": "substance", **SRC},
        {"name": "a", "kind": "substance", "brands": ["Same"], **SRC},
        {"name": "b", "kind": "substance", "brands": ["same"], **SRC},
    ]
    with pytest.raises(ReferenceDataError, match="already means 'a'"):
        parse_substances(table("substances", rows))


def test_a_rule_must_name_known_terms_and_a_valid_severity() -> None:
    catalogue = parse_substances(
        table("substances", [{"name": "kratom", "kind": "substance", **SRC}])
    )
    rule = {
        "id": "r",
        "a": "kratom",
        "a_kind": "substance",
        "b": "ghost",
        "b_kind": "class",
        "severity": "major",
        "mechanism": "m",
        "advice": "a",
        **SRC,
    }
    with pytest.raises(ReferenceDataError, match="'ghost' is not a known class"):
        parse_rules(table("rules", [rule]), catalogue)
    with pytest.raises(ReferenceDataError, match="severity"):
        parse_rules(
            table("rules", [{**rule, "b": "kratom", "b_kind": "substance", "severity": "bad"}]),
            catalogue,
        )


def test_two_legal_rows_starting_the_same_day_fail() -> None:
    row = {
        "jurisdiction": "US-OR",
        "name": "Oregon",
        "status": "legal",
        "minimum_age": None,
        "notes": "n",
        "verified": False,
        "note": "secondary sources only",
        **SRC,
    }
    with pytest.raises(ReferenceDataError, match="same day"):
        parse_legal(table("legal_status", [row, row], 90))
    with pytest.raises(ReferenceDataError, match="ISO 3166"):
        parse_legal(table("legal_status", [{**row, "jurisdiction": "Oregon"}], 90))


def test_an_unverified_legal_row_must_say_why() -> None:
    row = {
        "jurisdiction": "US-OR",
        "name": "Oregon",
        "status": "legal",
        "minimum_age": None,
        "notes": "n",
        "verified": False,
        **SRC,
    }
    with pytest.raises(ReferenceDataError, match="must say why"):
        parse_legal(table("legal_status", [row], 365))


@pytest.fixture(scope="module")
def checklist() -> Any:
    return parse_precautions_reference(load_reference()).checklist


def test_triage_of_an_emergency_puts_its_steps_first(checklist: Any) -> None:
    result = triage(checklist, ["dark_urine", "trouble_breathing"], "US-OR")
    assert result.codes == ("trouble_breathing", "dark_urine")  # checklist order
    assert result.emergency
    assert result.liver
    assert result.headline == "Get help now: call 911."
    assert result.steps[0].startswith("Call your emergency number now")
    assert result.contact is not None
    assert result.contact.poison_control == "1-800-222-1222"


def test_triage_outside_known_countries_says_local_emergency_number(checklist: Any) -> None:
    result = triage(checklist, ["seizure"], "AQ")
    assert result.contact is None
    assert result.headline == "Get help now: call your local emergency number."
    assert triage(checklist, ["dark_urine"], None).headline == "Get medical care today."


def test_triage_needs_known_flags(checklist: Any) -> None:
    with pytest.raises(InvalidInput, match="Unknown red flag headache"):
        triage(checklist, ["headache"])
    with pytest.raises(InvalidInput, match="at least one"):
        triage(checklist, [])


def test_the_alert_draft_is_a_red_flag_keyed_by_the_report(checklist: Any) -> None:
    result = triage(checklist, ["confusion"], "US")
    draft = red_flag_draft("p1", "r1", result, datetime(2026, 11, 25, 21, 40, tzinfo=UTC))
    assert draft.kind is AlertKind.RED_FLAG
    assert draft.dedupe_key == "red_flag:r1"
    assert draft.title == "Red flag reported: confusion"
    assert draft.facts["flags"] == ["confusion"]


def test_condition_codes_are_validated_and_ordered() -> None:
    conditions = parse_precautions_reference(load_reference()).conditions
    assert check_condition_codes(conditions, ["pregnancy", "liver_disease", "pregnancy"]) == (
        "liver_disease",
        "pregnancy",
    )
    with pytest.raises(InvalidInput, match="other_medications"):
        check_condition_codes(conditions, ["other_medications"])
