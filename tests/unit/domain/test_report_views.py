"""Views derived from the report model: week-by-day calendars and daily dose sums."""

from __future__ import annotations

from datetime import UTC, date, datetime

from speciosa.domain.reports.dosing import DoseKind, ReportDose, daily_doses
from speciosa.domain.reports.period import ReportPeriod, week_grid


def test_week_grid_runs_monday_to_sunday_and_blanks_days_outside_the_period() -> None:
    period = ReportPeriod(date(2026, 11, 19), date(2026, 11, 25))  # Thursday to Wednesday
    rows = week_grid(period, {date(2026, 11, 19): "12", date(2026, 11, 25): "3"})
    assert [r.monday for r in rows] == [date(2026, 11, 16), date(2026, 11, 23)]
    assert rows[0].cells == (None, None, None, "12", None, None, None)
    assert rows[1].cells == (None, None, "3", None, None, None, None)


def test_daily_doses_sum_kratom_grams_and_count_every_dose() -> None:
    doses = [
        ReportDose(
            "a", datetime(2026, 11, 2, 8, tzinfo=UTC), DoseKind.KRATOM, "leaf", 2, "g", 2.0, 20.0
        ),
        ReportDose(
            "b", datetime(2026, 11, 2, 20, tzinfo=UTC), DoseKind.KRATOM, "caps", 4, "capsule", 2.0
        ),
        ReportDose(
            "c", datetime(2026, 11, 2, 21, tzinfo=UTC), DoseKind.OPIOID, "oxycodone", 5, "mg"
        ),
        ReportDose(
            "d", datetime(2026, 11, 3, 8, tzinfo=UTC), DoseKind.OPIOID, "oxycodone", 5, "mg"
        ),
    ]
    days = daily_doses(doses, UTC)
    assert [(d.day.day, d.count, d.kratom_grams, d.mitragynine_mg) for d in days] == [
        (2, 3, 4.0, 20.0),
        (3, 1, None, None),
    ]
