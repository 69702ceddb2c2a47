"""A person's withdrawal profile: what they are stopping and when they last used it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from speciosa.domain.foundation.errors import InvalidInput

# A last-use time a few minutes ahead of the server clock is a phone clock, not the future.
from speciosa.domain.foundation.taken_times import CLOCK_SKEW
from speciosa.domain.withdrawal.course import OpioidClass, parse_opioid

# A data-entry guard, not a clinical rule: a last use more than ten years ago is a typo here.
MAX_AGE = timedelta(days=3653)


@dataclass(frozen=True)
class WithdrawalProfile:
    person_id: str
    opioids: tuple[OpioidClass, ...]
    last_use_at: datetime
    updated_at: datetime
    updated_by: str


def make_profile(
    person_id: str,
    opioids: Iterable[object],
    last_use_at: datetime | None,
    *,
    now: datetime,
    updated_by: str,
) -> WithdrawalProfile:
    chosen = tuple(dict.fromkeys(parse_opioid(o) for o in opioids))
    if not chosen:
        raise InvalidInput(
            "Choose at least one thing you are stopping (short-acting opioids, methadone, "
            "fentanyl, buprenorphine or kratom).",
            field="opioids",
        )
    if last_use_at is None:
        raise InvalidInput("Say when you last used it (date and time).", field="last_use_at")
    if last_use_at.tzinfo is None:
        raise InvalidInput("The time of last use needs a time zone.", field="last_use_at")
    try:
        last_use_at = last_use_at.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput("Check the date of last use.", field="last_use_at") from None
    if last_use_at > now + CLOCK_SKEW:
        raise InvalidInput("The time of last use cannot be in the future.", field="last_use_at")
    if last_use_at < now - MAX_AGE:
        raise InvalidInput(
            "The time of last use is more than ten years ago; check the date.", field="last_use_at"
        )
    return WithdrawalProfile(person_id, chosen, last_use_at, now, updated_by)
