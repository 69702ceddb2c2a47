"""The taper plan's .ics (parsed back with the `icalendar` library) and the intake chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import icalendar

from speciosa.adapters.calendar_ics import fold, render_plan_ics
from speciosa.adapters.charts.dosing import render_intake_chart
from speciosa.domain.dosing.holds import PlanDay, TaperHold, schedule_steps
from speciosa.domain.dosing.plans import HoldRule, PlanStatus, TaperPlan
from speciosa.domain.dosing.taper import plan_taper

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
START = date(2026, 12, 1)


def a_plan(note: str = "") -> TaperPlan:
    return TaperPlan(
        id="5f0c6f3e-1111-4222-8333-444455556666",
        person_id="person",
        substance="kratom",
        unit="g",
        start_amount=Decimal(6),
        unit_step=Decimal("0.5"),
        reduction_pct=Decimal(10),
        every_days=7,
        start_date=START,
        hold_rule=HoldRule("sows", 6, 3, 7),
        note=note,
        status=PlanStatus.APPROVED,
        created_at=NOW,
        created_by="clinician",
    )


def test_the_ics_has_one_event_per_step_and_parses_back() -> None:
    plan = a_plan()
    steps = plan_taper(plan.parameters)
    hold = TaperHold(
        "h",
        plan.id,
        "person",
        2,
        steps[2].date,
        7,
        steps[2].date - timedelta(days=1),
        "sows",
        4,
        steps[1].date,
        12,
        NOW,
    )
    schedule = schedule_steps(steps, [hold])
    text = render_plan_ics(plan, schedule, NOW, "kratom")
    assert "\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(steps)
    starts = [e.decoded("DTSTART") for e in events]
    assert starts == [s.date for s in schedule]
    assert starts[2] == steps[2].date + timedelta(days=7)  # the hold moved the step
    assert str(events[0]["SUMMARY"]) == "Taper starts: 6 g/day of kratom"
    assert str(events[-1]["SUMMARY"]).endswith("stop kratom (0 g/day)")
    assert "Moved 7 days by symptom holds" in str(events[2]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(days=1) for e in events)


def test_text_is_escaped_and_long_lines_fold_at_75_octets() -> None:
    line = "DESCRIPTION:" + "ä, ; \\" * 40
    folded = fold(line)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_the_intake_chart_is_valid_svg_with_bars_plan_and_held_days() -> None:
    days = [
        PlanDay(
            START + timedelta(days=i),
            Decimal(6) if i < 7 else Decimal("5.5"),
            Decimal("5.5") if i % 2 else None,
            held=i in (5, 6),
        )
        for i in range(10)
    ]
    svg = render_intake_chart(days, "g")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    bars = root.findall(f"{ns}rect[@class='actual']")
    assert len(bars) == 5
    assert bars[0].get("data-amount") == "5.5"
    assert len(root.findall(f"{ns}rect[@class='hold']")) == 2
    assert root.find(f"{ns}polyline[@class='planned']") is not None
    assert "style=" not in svg
    assert "<script" not in svg


def test_an_empty_chart_says_so() -> None:
    assert "No days of the plan yet" in render_intake_chart([], "g")
