"""Withdrawal alert rules at their thresholds (withdrawal_alert_rules.yaml): severe, rising,
still rising after the expected peak, and missed check-ins; each draft explains itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.withdrawal.alert_rules import (
    check_missed,
    check_past_peak,
    check_rising,
    check_severe,
    parse_alert_rules,
)
from speciosa.domain.withdrawal.checkins import CheckIn, DailyTotal, ScoredCheckIn, summarise_days
from speciosa.domain.withdrawal.course import OpioidClass, expected_course, parse_course_table

RULES = parse_alert_rules(load_reference().table("withdrawal_alert_rules"))
WINDOWS = parse_course_table(load_reference().table("withdrawal_course"))
T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
DAY0 = T0.date()


def checkin(total: int, instrument: str = "sows", at: datetime = T0) -> CheckIn:
    return CheckIn("c-1", "p-1", instrument, {}, {}, total, None, at, at, "p-1", "", "f")


def days(*totals: int, instrument: str = "sows", first: date = DAY0) -> list[DailyTotal]:
    return [
        DailyTotal(first + timedelta(days=i), instrument, t, None, 1, f"c{i}")
        for i, t in enumerate(totals)
    ]


@pytest.mark.parametrize(
    ("instrument", "total", "fires"),
    [
        ("sows", 20, False),
        ("sows", 21, True),  # NIDA CTN: >= 21 severe
        ("cows", 36, False),
        ("cows", 37, True),  # Wesson & Ling 2003: > 36 severe
        ("oows", 13, False),  # OOWS: no bands, no severe rule
    ],
)
def test_severe_threshold(instrument: str, total: int, fires: bool) -> None:
    drafts = check_severe(RULES, checkin(total, instrument), "severe", T0.date())
    assert bool(drafts) is fires
    if fires:
        draft = drafts[0]
        assert draft.kind is AlertKind.WITHDRAWAL_SEVERE
        assert str(total) in draft.title
        assert "Source:" in draft.explanation
        assert draft.dedupe_key == f"withdrawal_severe:p-1:{instrument}:{T0.date()}"


@pytest.mark.parametrize(
    ("series", "rise"),
    [
        ((5, 7, 9, 15), 10),  # +10 within 3 days: fires (design choice: one CTN band width)
        ((5, 7, 9, 14), None),  # +9: does not
        ((5, 9, 9, 9, 16), None),  # the 5 is 4 days back, outside the 3-day window (+7)
        ((9, 20), 11),  # +11 in one day
    ],
)
def test_rising_rule_sows(series: tuple[int, ...], rise: int | None) -> None:
    series_days = days(*series)
    last = series_days[-1]
    drafts = check_rising(RULES, checkin(last.total), series_days, last.day)
    assert [d.facts["rise"] for d in drafts] == ([rise] if rise else [])
    assert all(d.kind is AlertKind.WITHDRAWAL_RISING for d in drafts)


def test_rising_needs_an_earlier_day() -> None:
    assert check_rising(RULES, checkin(40), days(40), T0.date()) == []


def test_past_peak_fires_only_after_the_peak_and_once_per_episode() -> None:
    course = expected_course([OpioidClass.SHORT_ACTING], T0 - timedelta(hours=10), WINDOWS)
    peak_end = (course.at(72)).date()  # 3 days after last use
    after = days(6, 8, 12, first=peak_end + timedelta(days=1))  # two rises, +6
    drafts = check_past_peak(RULES, checkin(12), after, after[-1].day, course, peak_end)
    assert [d.kind for d in drafts] == [AlertKind.WITHDRAWAL_PAST_PEAK]
    assert drafts[0].dedupe_key.endswith(course.last_use_at.isoformat())
    small = days(6, 7, 9, first=peak_end + timedelta(days=1))  # two rises, only +3
    assert check_past_peak(RULES, checkin(9), small, small[-1].day, course, peak_end) == []
    during = days(6, 8, 12, first=peak_end - timedelta(days=2))  # rising during the peak
    assert check_past_peak(RULES, checkin(12), during, during[-1].day, course, peak_end) == []
    kratom = expected_course([OpioidClass.KRATOM], course.last_use_at, WINDOWS)
    assert check_past_peak(RULES, checkin(12), after, after[-1].day, kratom, None) == []


@pytest.mark.parametrize(("hours", "fires"), [(47.9, False), (48, True), (24 * 9, True)])
def test_missed_checkin_after_two_days(hours: float, fires: bool) -> None:
    drafts = check_missed(RULES, "p-1", T0, T0, T0 + timedelta(hours=hours))
    assert bool(drafts) is fires
    if fires:
        assert drafts[0].kind is AlertKind.MISSED_CHECKIN
        assert drafts[0].dedupe_key == f"missed_checkin:p-1:{T0.isoformat()}"


def test_missed_checkin_counts_from_the_start_when_there_is_none() -> None:
    drafts = check_missed(RULES, "p-1", None, T0, T0 + timedelta(days=3))
    assert "no check-in since" in drafts[0].explanation


def test_daily_totals_keep_the_highest_of_the_day() -> None:
    points = [
        ScoredCheckIn("a", "p", "sows", 5, "mild", T0),
        ScoredCheckIn("b", "p", "sows", 12, "moderate", T0 + timedelta(hours=3)),
        ScoredCheckIn("c", "p", "sows", 7, "mild", T0 + timedelta(hours=5)),
        ScoredCheckIn("d", "p", "cows", 9, "mild", T0),
        ScoredCheckIn("e", "p", "sows", 3, "mild", T0 + timedelta(days=1)),
    ]
    summary = summarise_days(points, UTC)
    assert [(d.day.day, d.instrument, d.total, d.count) for d in summary] == [
        (10, "cows", 9, 1),
        (10, "sows", 12, 3),
        (11, "sows", 3, 1),
    ]
