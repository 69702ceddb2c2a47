"""Issue 16 (person side), pure parts: who-looked sentences, spreadsheet-safe CSV, today so far,
cravings and sleep answers, reminder times, and skin results in plain words."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.dosing.today import describe_duration, today_so_far
from speciosa.domain.foundation.access_log import summarise_access
from speciosa.domain.foundation.audit import AuditAction, AuditEvent
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.pigmentation.plain_words import difference_words
from speciosa.domain.reports.data_export import FORMULA_STARTS, csv_text, spreadsheet_safe
from speciosa.domain.reports.reminders import DEFAULT_REMINDER_MINUTES, parse_reminder_time
from speciosa.domain.withdrawal.wellbeing import parse_cravings, parse_sleep_quality

PERSON, DOCTOR = "p-1", "c-1"
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def event(
    actor: str, at: datetime, resource: str, action: AuditAction = AuditAction.READ
) -> AuditEvent:
    role = "person" if actor == PERSON else "clinician"
    return AuditEvent(at, actor, role, action, resource, None, PERSON, "127.0.0.1")


def test_reads_are_grouped_by_who_day_and_record_in_words() -> None:
    events = [
        event(DOCTOR, T0, "checkins"),
        event(DOCTOR, T0 + timedelta(minutes=5), "checkins"),
        event(DOCTOR, T0 + timedelta(hours=2), "checkins"),
        event(DOCTOR, T0 + timedelta(hours=3), "dose_journal"),
        event(DOCTOR, T0 + timedelta(days=1), "checkins"),
        event(PERSON, T0, "checkins"),
        event(PERSON, T0, "checkin", AuditAction.CREATE),
    ]
    tz = ZoneInfo("Europe/Berlin")
    others = summarise_access(events, tz, own_id=PERSON, include_own=False)
    sentences = [s.sentence("Dr Rivera") for s in others]
    assert sentences == [
        "Dr Rivera viewed your check-ins, once on 03 Dec 2026",
        "Dr Rivera viewed your dose journal, once on 02 Dec 2026",
        "Dr Rivera viewed your check-ins, 3 times on 02 Dec 2026",
    ]
    assert not any("dose_journal" in s or "checkins" in s for s in sentences)
    everyone = summarise_access(events, tz, own_id=PERSON, include_own=True)
    assert len(everyone) == 5
    assert "You recorded a check-in, once on 02 Dec 2026" in [s.sentence("You") for s in everyone]


def test_a_day_is_the_persons_local_day() -> None:
    late = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # 3 Dec in Berlin
    (summary,) = summarise_access(
        [event(DOCTOR, late, "checkins")],
        ZoneInfo("Europe/Berlin"),
        own_id=PERSON,
        include_own=False,
    )
    assert summary.day == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("rough night", "rough night"),
        ("", ""),
    ],
)
def test_formula_starts_are_escaped(text: str, safe: str) -> None:
    assert spreadsheet_safe(text) == safe


@given(st.text(max_size=40))
def test_no_text_cell_reaches_a_spreadsheet_as_a_formula(text: str) -> None:
    rows = list(csv.reader(io.StringIO(csv_text(["note"], [[text], [7]]), newline="")))
    cell = rows[1][0]
    assert not cell.startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == text or cell == text
    assert rows[2] == ["7"]  # numbers are ours, written as numbers


def test_today_so_far_against_the_plan() -> None:
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    under = today_so_far(Decimal("4.5"), Decimal("6.5"), now - timedelta(hours=2, minutes=15), now)
    assert (under.left, under.over, under.share) == (Decimal("2.0"), None, 4.5 / 6.5)
    assert describe_duration(under.since_last or timedelta()) == "2 h 15 min"
    over = today_so_far(Decimal(8), Decimal("6.5"), None, now)
    assert (over.left, over.over, over.share, over.since_last) == (
        Decimal(0),
        Decimal("1.5"),
        1.0,
        None,
    )
    assert today_so_far(Decimal(1), None, None, now).left is None
    assert describe_duration(timedelta(days=3, hours=2)) == "3 days 2 h"
    assert describe_duration(timedelta(minutes=45)) == "45 min"


@pytest.mark.parametrize(("raw", "expected"), [("", None), ("0", 0), ("10", 10), (" 7 ", 7)])
def test_cravings_accepts_blank_or_0_to_10(raw: str, expected: int | None) -> None:
    assert parse_cravings(raw) == expected


@pytest.mark.parametrize("raw", ["11", "-1", "3.5", "seven", "٣"])
def test_cravings_refuses_in_words(raw: str) -> None:
    with pytest.raises(InvalidInput, match="How strong are your cravings") as caught:
        parse_cravings(raw)
    assert caught.value.field == "cravings"


def test_sleep_quality_takes_the_four_answers_only() -> None:
    assert parse_sleep_quality("fairly_bad") == "fairly_bad"
    assert parse_sleep_quality("") is None
    with pytest.raises(InvalidInput, match="How did you sleep last night"):
        parse_sleep_quality("great")


def test_reminder_time() -> None:
    assert parse_reminder_time("08:30") == 510
    assert parse_reminder_time("") == DEFAULT_REMINDER_MINUTES
    for bad in ("8:30", "24:00", "08:60", "noon"):
        with pytest.raises(InvalidInput, match=r"e\.g\. 08:30"):
            parse_reminder_time(bad)


def test_skin_difference_in_plain_words() -> None:
    darker = difference_words(-4.24, 4.9, 1.0, "back of left hand", "back of right hand")
    assert darker == (
        "The back of left hand is darker than the back of right hand by 4.2 points of "
        "lightness (on a 0–100 scale) — a difference you could see."
    )
    faint = difference_words(0.31, 0.4, 1.0, "cheek", "forearm")
    assert faint.startswith("The cheek is lighter than the forearm by 0.3 points")
    assert faint.endswith("too small to see by eye.")
    assert "as light as" in difference_words(0.01, 0.1, 1.0, "a", "b")
