from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.sessions import retry_after

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def test_under_the_limit_is_not_limited() -> None:
    failures = [NOW - timedelta(minutes=m) for m in range(9)]
    assert retry_after(failures, 10, WINDOW, NOW) is None


def test_at_the_limit_waits_until_the_oldest_counted_failure_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=10)] + [NOW - timedelta(minutes=1)] * 9
    wait = retry_after(failures, 10, WINDOW, NOW)
    assert wait is not None
    assert 5 * 60 <= wait <= 5 * 60 + 1


def test_failures_outside_the_window_do_not_count() -> None:
    failures = [NOW - timedelta(minutes=20)] * 50
    assert retry_after(failures, 10, WINDOW, NOW) is None


@given(st.lists(st.integers(min_value=0, max_value=30 * 60), max_size=40))
def test_wait_never_exceeds_the_window(seconds_ago: list[int]) -> None:
    failures = [NOW - timedelta(seconds=s) for s in seconds_ago]
    wait = retry_after(failures, 10, WINDOW, NOW)
    recent = [s for s in seconds_ago if s < WINDOW.total_seconds()]
    assert (wait is None) == (len(recent) < 10)
    if wait is not None:
        assert 1 <= wait <= WINDOW.total_seconds() + 1
