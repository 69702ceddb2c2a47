"""The expected course after last use (withdrawal_course.yaml): golden windows from their
sources, the envelope of several opioids, and the phase text a person reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.withdrawal.course import (
    HourWindow,
    OpioidClass,
    Phase,
    expected_course,
    parse_course_table,
)
from speciosa.domain.withdrawal.profile import make_profile

WINDOWS = parse_course_table(load_reference().table("withdrawal_course"))
LAST_USE = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("opioid", "onset", "peak", "resolution"),
    [
        # SAMHSA TIP 63: short-acting onset 8-24 h, lasts 4-10 days; peak 1-3 days (secondary).
        (OpioidClass.SHORT_ACTING, (8, 24), (24, 72), (96, 240)),
        # SAMHSA TIP 63: longer-acting onset 12-48 h, lasts 10-20 days; no sourced peak.
        (OpioidClass.LONG_ACTING, (12, 48), None, (240, 480)),
        # TIP 63 short-acting window, weak (Huhn 2020: slow fentanyl clearance).
        (OpioidClass.FENTANYL, (8, 24), (24, 72), (96, 240)),
        # Secondary summaries only (weak): onset 24-72 h, 7-14 days.
        (OpioidClass.BUPRENORPHINE, (24, 72), None, (168, 336)),
        # Analogy from mitragynine half-life (Huestis et al. Molecules 2024); long-acting window.
        (OpioidClass.KRATOM, (12, 48), None, (240, 480)),
    ],
)
def test_course_windows_as_sourced(
    opioid: OpioidClass,
    onset: tuple[int, int],
    peak: tuple[int, int] | None,
    resolution: tuple[int, int],
) -> None:
    window = WINDOWS[opioid]
    assert window.onset == HourWindow(*onset)
    assert window.peak == (HourWindow(*peak) if peak else None)
    assert window.resolution == HourWindow(*resolution)
    assert window.source


def test_weak_rows_say_so() -> None:
    weak = {o for o, w in WINDOWS.items() if w.evidence == "weak"}
    assert weak == {OpioidClass.FENTANYL, OpioidClass.BUPRENORPHINE, OpioidClass.KRATOM}
    assert all(WINDOWS[o].note for o in weak)


@pytest.mark.parametrize(
    ("hours", "phase", "text"),
    [
        (2, Phase.BEFORE_ONSET, "day 1 — withdrawal usually starts 8–24 hours after last use"),
        (10, Phase.ONSET, "day 1 — usually when withdrawal starts for short-acting opioids"),
        (50, Phase.PEAK, "day 3 — usually the peak for short-acting opioids"),
        (80, Phase.EASING, "day 4 — usually easing after the peak for short-acting opioids"),
        (100, Phase.RESOLVING, "day 5 — the acute phase usually ends 4–10 days after"),
        (250, Phase.RESOLVED, "day 11 — past the usual end of acute withdrawal"),
        (-5, Phase.BEFORE_ONSET, "before the last use you recorded"),
    ],
)
def test_phase_and_its_description_short_acting(hours: float, phase: Phase, text: str) -> None:
    course = expected_course([OpioidClass.SHORT_ACTING], LAST_USE, WINDOWS)
    at = LAST_USE + timedelta(hours=hours)
    assert course.phase(at) is phase
    assert text in course.describe(at)


def test_without_a_sourced_peak_no_peak_is_claimed() -> None:
    course = expected_course([OpioidClass.KRATOM], LAST_USE, WINDOWS)
    assert course.peak is None
    assert course.phase(LAST_USE + timedelta(hours=60)) is Phase.UNDER_WAY
    assert "no sourced peak" in course.describe(LAST_USE + timedelta(hours=60))
    assert not course.past_peak(LAST_USE + timedelta(days=30))


def test_several_opioids_make_an_envelope() -> None:
    course = expected_course(
        [OpioidClass.SHORT_ACTING, OpioidClass.KRATOM, OpioidClass.SHORT_ACTING], LAST_USE, WINDOWS
    )
    assert course.label == "short-acting opioids and kratom"
    assert course.onset == HourWindow(8, 48)
    assert course.peak == HourWindow(24, 72)
    assert course.resolution == HourWindow(96, 480)
    assert course.weak


@settings(max_examples=100, deadline=None)
@given(
    opioids=st.lists(st.sampled_from(list(OpioidClass)), min_size=1, max_size=5),
    minutes=st.integers(-100 * 60, 2000 * 60),
)
def test_every_moment_has_one_phase_and_a_day(opioids: list[OpioidClass], minutes: int) -> None:
    course = expected_course(opioids, LAST_USE, WINDOWS)
    at = LAST_USE + timedelta(minutes=minutes)
    assert course.phase(at) in Phase
    assert course.day_number(at) == minutes // (24 * 60) + 1
    assert course.onset.start <= course.resolution.end


def test_profile_validation() -> None:
    now = LAST_USE + timedelta(days=2)
    profile = make_profile("p", ["kratom", "short_acting"], LAST_USE, now=now, updated_by="p")
    assert profile.opioids == (OpioidClass.KRATOM, OpioidClass.SHORT_ACTING)
    for opioids, when, field in [
        ([], LAST_USE, "opioids"),
        (["heroin"], LAST_USE, "opioids"),
        (["kratom"], None, "last_use_at"),
        (["kratom"], now + timedelta(hours=1), "last_use_at"),
        (["kratom"], datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), "last_use_at"),
        (["kratom"], now - timedelta(days=4000), "last_use_at"),
        (["kratom"], datetime(2026, 11, 1), "last_use_at"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            make_profile("p", opioids, when, now=now, updated_by="p")
        assert caught.value.field == field


def test_a_course_table_missing_an_opioid_fails_start_up() -> None:
    table = load_reference().table("withdrawal_course")
    short = ReferenceTable(table.name, 1, 365, "", table.rows[:2])
    with pytest.raises(ReferenceDataError, match="no course for"):
        parse_course_table(short)
    broken = ReferenceTable(
        table.name, 1, 365, "", (dict(table.rows[0]) | {"onset_hours": [9, 2]}, *table.rows[1:])
    )
    with pytest.raises(ReferenceDataError, match="onset_hours"):
        parse_course_table(broken)
