"""The one taken-at check, with each feature's back-dating window (check-ins two years, doses
one year): the same refusals, worded for a person, and the window's edge on both sides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from speciosa.domain.dosing.doses import check_taken_at as dose_taken_at
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.foundation.taken_times import CLOCK_SKEW
from speciosa.domain.withdrawal.checkins import check_taken_at as checkin_taken_at

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("check", "window", "words"),
    [
        (checkin_taken_at, timedelta(days=730), "two years"),
        (dose_taken_at, timedelta(days=366), "a year"),
    ],
)
def test_each_feature_keeps_its_window_and_says_it(
    check: object, window: timedelta, words: str
) -> None:
    assert callable(check)
    assert check(None, NOW) == NOW
    assert check(NOW - window + MINUTE, NOW) == NOW - window + MINUTE
    assert check(NOW + CLOCK_SKEW, NOW) == NOW + CLOCK_SKEW  # a phone clock a little ahead
    local = datetime(2026, 12, 3, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    assert check(local, NOW) == NOW  # stored in UTC
    with pytest.raises(InvalidInput, match=f"more than {words} ago"):
        check(NOW - window - MINUTE, NOW)
    with pytest.raises(InvalidInput, match="in the future"):
        check(NOW + CLOCK_SKEW + MINUTE, NOW)
    with pytest.raises(InvalidInput, match="needs a time zone"):
        check(datetime(2026, 12, 3, 8, 0), NOW)
