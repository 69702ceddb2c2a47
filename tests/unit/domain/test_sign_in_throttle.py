"""The progressive sign-in delay (issue 15): free failures, then 1 s, 2 s, 4 s … up to a cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.foundation.sign_in_throttle import (
    ThrottlePolicy,
    password_change_message,
    progressive_wait,
    throttle_message,
)

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
POLICY = ThrottlePolicy()


def pair_wait(failures: list[datetime], now: datetime = NOW) -> int | None:
    return progressive_wait(
        failures,
        now,
        window=POLICY.window,
        free=POLICY.pair_free,
        first_delay=POLICY.pair_first_delay,
        cap=POLICY.pair_cap,
    )


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, None), (4, None), (5, 1), (6, 2), (7, 4), (10, 32), (14, 512), (15, 900), (40, 900)],
)
def test_the_delay_doubles_after_the_free_failures_up_to_the_cap(
    failures: int, wait: int | None
) -> None:
    assert pair_wait([NOW] * failures) == wait


def test_the_delay_counts_from_the_latest_failure() -> None:
    failures = [NOW - timedelta(seconds=10)] * 5 + [NOW - timedelta(seconds=1)]
    assert pair_wait(failures) == 1  # 2 s after the latest, 1 s ago
    assert pair_wait(failures, NOW + timedelta(seconds=1)) is None


def test_failures_outside_the_window_do_not_count() -> None:
    assert pair_wait([NOW - timedelta(minutes=20)] * 50) is None


def test_the_message_says_how_long_and_that_others_are_not_held_up() -> None:
    assert "Wait 30 seconds" in throttle_message(30)
    assert "Wait 16 minutes" in throttle_message(900)
    assert "another network" in throttle_message(5)
    assert "Wait 1 second and" in throttle_message(1)  # not "1 seconds"
    assert password_change_message(1) == (
        "Too many wrong current passwords. Wait 1 second and try again."
    )


@given(st.lists(st.integers(min_value=0, max_value=30 * 60), max_size=60))
def test_the_wait_never_exceeds_the_cap_and_never_outlives_the_window(
    seconds_ago: list[int],
) -> None:
    failures = [NOW - timedelta(seconds=s) for s in seconds_ago]
    wait = pair_wait(failures)
    recent = [s for s in seconds_ago if s < POLICY.window.total_seconds()]
    if len(recent) < POLICY.pair_free:
        assert wait is None
    if wait is not None:
        assert 1 <= wait <= POLICY.pair_cap.total_seconds()
        assert wait <= POLICY.pair_cap.total_seconds() - min(recent) + 1
