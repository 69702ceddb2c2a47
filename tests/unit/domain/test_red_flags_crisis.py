"""Issue 12 item 1: the red flags added after the clinical review, each golden case citing the
primary source its row names, and the crisis and emergency numbers of every known country."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.precautions.red_flags import (
    LOCAL_CRISIS_LINE,
    RedFlagChecklist,
    Urgency,
    parse_red_flags,
    triage,
)
from speciosa.services.precautions.reference_tables import parse_precautions_reference
from tests.support.jurisdictions import ISSUE_12_COUNTRIES

# (code, urgency, a phrase its source must name, its as_of: the date of the newest source)
NEW_FLAGS = [
    (
        "suicidal_thoughts",
        Urgency.EMERGENCY,
        "FDA Drug Safety Communication, 9 Apr 2019",
        "2019-10-10",
    ),
    ("suicidal_thoughts", Urgency.EMERGENCY, "HHS Guide for Clinicians", "2019-10-10"),
    ("suicidal_thoughts", Urgency.EMERGENCY, "988 Suicide & Crisis Lifeline", "2019-10-10"),
    ("dehydration", Urgency.URGENT, "NHS (UK), Dehydration", "2023-02-07"),
    (
        "fainting_or_palpitations",
        Urgency.EMERGENCY,
        "Clin Toxicol 2019;57(10):847-854",
        "2021-04-01",
    ),
    ("fainting_or_palpitations", Urgency.EMERGENCY, "QTc interval prolongation", "2021-04-01"),
    ("hallucinations", Urgency.EMERGENCY, "Pharmacotherapy 2019;39(7):775-777", "2019-07-04"),
]

# (jurisdiction, crisis line shown, emergency number) — golden values from each row's source.
CRISIS_LINES = [
    ("US-FL", "988 (988 Suicide & Crisis Lifeline, call or text)", "911"),
    ("US", "988 (988 Suicide & Crisis Lifeline, call or text)", "911"),
    ("CA", "988 (9-8-8 Suicide Crisis Helpline, call or text)", "911"),
    ("GB", "116 123 (Samaritans)", "999"),
    ("AU", "13 11 14 (Lifeline Australia)", "000"),
    ("ES", "024 (Línea 024 de atención a la conducta suicida)", "112"),
    ("VN", LOCAL_CRISIS_LINE, "115"),  # no national crisis line confirmed
    ("AQ", LOCAL_CRISIS_LINE, "your local emergency number"),  # no row at all
]


@pytest.fixture(scope="module")
def checklist() -> RedFlagChecklist:
    return parse_precautions_reference(load_reference()).checklist


@pytest.mark.parametrize(("code", "urgency", "cited", "as_of"), NEW_FLAGS)
def test_each_new_flag_has_its_urgency_and_cites_its_source(
    checklist: RedFlagChecklist, code: str, urgency: Urgency, cited: str, as_of: str
) -> None:
    flag = checklist.get(code)
    assert flag is not None
    assert flag.urgency is urgency
    assert cited in flag.source
    assert flag.as_of == date.fromisoformat(as_of)
    assert flag.as_of < date(2026, 1, 1), "as_of is the source's date, not the day of entry"


def test_only_suicidal_thoughts_is_a_crisis_flag(checklist: RedFlagChecklist) -> None:
    assert [f.code for f in checklist.flags if f.crisis] == ["suicidal_thoughts"]


@pytest.mark.parametrize(("jurisdiction", "crisis_line", "emergency"), CRISIS_LINES)
def test_self_harm_shows_the_crisis_line_of_the_jurisdiction(
    checklist: RedFlagChecklist, jurisdiction: str, crisis_line: str, emergency: str
) -> None:
    result = triage(checklist, ["suicidal_thoughts"], jurisdiction)
    assert result.emergency
    assert result.crisis
    assert result.crisis_line == crisis_line
    assert result.headline == (
        f"Get help now: call or text {crisis_line}, or call {emergency} if you are in danger."
    )
    assert result.steps[0].startswith(f"Call or text the crisis line now: {crisis_line}.")
    assert any(s.startswith("Stay with someone") for s in result.steps)
    assert any("clinician has been alerted" in s for s in result.steps)
    assert not any("{" in s for s in result.steps)


def test_crisis_steps_come_before_other_emergencies(checklist: RedFlagChecklist) -> None:
    result = triage(checklist, ["trouble_breathing", "suicidal_thoughts"], "US-OR")
    assert result.steps[0].startswith("Call or text the crisis line now: 988")
    assert "Call your emergency number now (911 in the US)." in result.steps


def test_placeholders_fill_in_for_the_other_new_flags(checklist: RedFlagChecklist) -> None:
    steps = triage(checklist, ["dehydration"], "DE").steps
    assert any("call 112" in s for s in steps)
    assert triage(checklist, ["dehydration"], "DE").headline == "Get medical care today."


def test_every_country_the_issue_names_has_a_sourced_dated_row(
    checklist: RedFlagChecklist,
) -> None:
    for code in ISSUE_12_COUNTRIES:
        contact = checklist.contact_for(code)
        assert contact is not None, code
        assert pycountry.countries.get(alpha_2=code) is not None
        assert contact.emergency
        assert contact.source
        assert contact.as_of is not None
        assert contact.as_of <= date(2026, 1, 1)
        assert contact.emergency_dial.isdigit(), code
    assert checklist.contact_for("US-TX") == checklist.contact_for("US")
    assert checklist.contact_for("US").verified  # type: ignore[union-attr]
    assert checklist.contact_for("IE").emergency_dial == "112"  # type: ignore[union-attr]
    assert checklist.contact_for("ID").crisis_dial == "119"  # type: ignore[union-attr]


def test_a_step_with_an_unknown_placeholder_fails_start_up() -> None:
    flags = ReferenceTable(
        name="red_flags",
        version=1,
        rows=(
            {
                "code": "x",
                "label": "X",
                "urgency": "urgent",
                "what_to_do_now": ["Call {ambulance}."],
                "source": "s",
                "as_of": "2020-01-01",
            },
        ),
        review_interval_days=365,
        description="",
    )
    contacts = ReferenceTable("emergency_contacts", 1, 365, "", ())
    with pytest.raises(ReferenceDataError, match="placeholders"):
        parse_red_flags(flags, contacts)
