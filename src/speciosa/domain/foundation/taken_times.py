"""When something happened (a check-in, a dose, a last use): the one check every record that
carries a client's time applies, with each feature's own back-dating window.

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
    """A client's `taken_at` in UTC, or now when none is given; `oldest` is the back-dating
    window and `oldest_words` says it for a person ("two years")."""
    if given is None:
        return now
    return check_past_time(given, now, oldest, oldest_words, field="taken_at", what="taken_at")


def check_past_time(
    given: datetime, now: datetime, oldest: timedelta, oldest_words: str, *, field: str, what: str
) -> datetime:
    """`given` in UTC: with a time zone, not in the future beyond a phone clock's skew, not
    further back than `oldest`; refusals name `field` and say `what` it is ("The time of last
    use")."""
    if given.tzinfo is None or given.utcoffset() is None:
        raise InvalidInput(
            f"{what} needs a time zone, e.g. 2026-11-25T08:30:00+01:00 or ...Z.", field=field
        )
    try:
        given = given.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput(f"{what} is not a usable date and time.", field=field) from None
    if given > now + CLOCK_SKEW:
        raise InvalidInput(f"{what} cannot be in the future.", field=field)
    if given < now - oldest:
        raise InvalidInput(f"{what} is more than {oldest_words} ago; check the date.", field=field)
    return given
