"""A person's withdrawal profile: what they are stopping and when they last used it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.foundation.taken_times import check_past_time
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
    last_use_at = check_past_time(
        last_use_at, now, MAX_AGE, "ten years", field="last_use_at", what="The time of last use"
    )
    return WithdrawalProfile(person_id, chosen, last_use_at, now, updated_by)
