"""The withdrawal SVG: well-formed, one point per day, bands and the expected course behind,
and every piece of text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from speciosa.adapters.charts.withdrawal import ChartSeries, render_withdrawal_chart
from speciosa.bootstrap import load_reference
from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.domain.withdrawal.course import OpioidClass, expected_course, parse_course_table
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue

NS = {"svg": "http://www.w3.org/2000/svg"}
SOWS = InstrumentCatalogue.from_tables(load_reference().table).get("sows")
WINDOWS = parse_course_table(load_reference().table("withdrawal_course"))
START = date(2026, 11, 1)


def render(totals: dict[int, int], course: bool = True) -> ET.Element:
    days = [
        DailyTotal(START + timedelta(days=d), "sows", t, "mild", 1, f"c{d}")
        for d, t in sorted(totals.items())
    ]
    series = ChartSeries("sows", "SOWS <Handelsman & co>", 64, SOWS.bands, days)
    last_use = datetime(2026, 10, 31, 20, tzinfo=UTC)
    svg = render_withdrawal_chart(
        series,
        START,
        START + timedelta(days=13),
        expected_course([OpioidClass.SHORT_ACTING], last_use, WINDOWS) if course else None,
        UTC,
    )
    return ET.fromstring(svg)


def test_points_bands_and_course() -> None:
    root = render({0: 8, 1: 12, 2: 20, 5: 9})
    points = root.findall(".//svg:circle", NS)
    assert [p.get("data-total") for p in points] == ["8", "12", "20", "9"]
    assert [p.get("data-day") for p in points][-1] == "2026-11-06"
    assert len(root.findall(".//svg:rect[@class='band']", NS)) == 4
    kinds = {r.get("class") for r in root.findall(".//svg:rect", NS)}
    assert {"course course-onset", "course course-peak", "course course-resolution"} <= kinds
    # The gap between day 2 and day 5 breaks the line: two runs, not one.
    assert len(root.findall(".//svg:polyline", NS)) == 1  # days 0-2; day 5 stands alone
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    assert title is not None
    assert title.text == "SOWS <Handelsman & co>: daily totals"


def test_higher_totals_sit_higher() -> None:
    root = render({0: 2, 1: 40})
    low, high = (float(p.get("cy", "0")) for p in root.findall(".//svg:circle", NS))
    assert high < low


def test_an_empty_chart_is_still_valid_and_says_so() -> None:
    root = render({}, course=False)
    assert root.findall(".//svg:circle", NS) == []
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert desc.text is not None
    assert desc.text.startswith("0 days")
