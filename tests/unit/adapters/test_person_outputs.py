"""The reminder calendar (parsed back with `icalendar`) and the taper projection chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from speciosa.adapters.calendar_reminders import first_reminder_day, render_reminder_feed
from speciosa.adapters.charts.taper_projection import render_projection_chart
from speciosa.domain.dosing.holds import schedule_steps
from speciosa.domain.dosing.taper import plan_taper
from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.services.dosing.taper_views import PlanView
from tests.unit.adapters.test_dosing_outputs import START, a_plan

NOW = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"


def test_the_feed_holds_a_daily_reminder_and_the_plan_steps() -> None:
    plan = a_plan()
    schedule = schedule_steps(plan_taper(plan.parameters), [])
    view = PlanView(plan, schedule, [], START, {})
    feed = CalendarFeed("person-1", "0" * 64, 8 * 60 + 30, NOW)
    tz = ZoneInfo("Pacific/Auckland")  # already 3 Dec 19:30 there
    text = render_reminder_feed(
        feed, [view], NOW, first_reminder_day(NOW, tz), "https://clinic.example/"
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.events
    daily = [e for e in events if e.get("RRULE")]
    assert len(daily) == 1
    assert daily[0].rrules[0]["FREQ"] == ["DAILY"]
    start = daily[0].decoded("DTSTART")
    assert start == datetime(2026, 12, 3, 8, 30)  # floating: 08:30 wherever the phone is
    assert start.tzinfo is None
    assert daily[0].decoded("DURATION") == timedelta(minutes=5)
    (alarm,) = daily[0].walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert str(daily[0]["URL"]) == "https://clinic.example/me/checkin"
    steps = [e for e in events if not e.get("RRULE")]
    assert [e.decoded("DTSTART") for e in steps] == [s.date for s in schedule]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_projection_runs_from_today_to_zero() -> None:
    plan = a_plan()
    schedule = schedule_steps(plan_taper(plan.parameters), [])
    today = START + timedelta(days=10)
    svg = render_projection_chart(schedule, today, "g")
    root = ET.fromstring(svg)
    (line,) = root.iter(f"{SVG}polyline")
    assert line.get("stroke-dasharray")
    points = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
    ys = [y for _, y in points]
    assert ys == sorted(ys)  # only ever down (a larger y is lower on the chart)
    remaining = [s for s in schedule if s.date > today]
    assert len(points) == 2 * (len(remaining) + 1)  # the step in force, then each later one
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert f"reaches 0 g/day on {schedule[-1].date:%d %b %Y}" in (desc.text or "")
    sizes = {float(t.get("font-size") or 0) for t in root.iter(f"{SVG}text")}
    assert min(sizes) >= 11  # readable on a phone
    assert render_projection_chart([], date(2026, 12, 1), "g") == ""
