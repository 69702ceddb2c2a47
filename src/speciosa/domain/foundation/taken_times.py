"""When something was taken (a check-in, a dose): the one check every record that carries a
client's `taken_at` applies, with each feature's own back-dating window.

A time with a time zone, not in the future beyond a phone clock's skew, and not further back
than the feature's window (a data-entry guard, not a clinical rule: older is a typo); none
given is now.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from speciosa.domain.foundation.errors import InvalidInput

# A time a few minutes ahead of the server clock is a phone clock, not the future.
CLOCK_SKEW = timedelta(minutes=10)


def check_taken_time(
    given: datetime | None, now: datetime, oldest: timedelta, oldest_words: str
) -> datetime:
    """`given` in UTC, or now when none is given; `oldest` is the back-dating window and
    `oldest_words` says it for a person ("two years")."""
    if given is None:
        return now
    if given.tzinfo is None or given.utcoffset() is None:
        raise InvalidInput(
            "taken_at needs a time zone, e.g. 2026-11-25T08:30:00+01:00 or ...Z.",
            field="taken_at",
        )
    try:
        given = given.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput("taken_at is not a usable date and time.", field="taken_at") from None
    if given > now + CLOCK_SKEW:
        raise InvalidInput("taken_at cannot be in the future.", field="taken_at")
    if given < now - oldest:
        raise InvalidInput(
            f"taken_at is more than {oldest_words} ago; check the date.", field="taken_at"
        )
    return given
