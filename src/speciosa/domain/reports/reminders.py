"""Daily reminders by calendar subscription: the person's phone calendar polls a private .ics
address and reminds them itself, so no push service or app store is involved.

The address holds a random secret; only its SHA-256 is stored, so a database copy cannot be
used to read anyone's calendar. Regenerating replaces the secret (the old address stops at once);
revoking deletes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput

DEFAULT_REMINDER_MINUTES = 9 * 60  # 09:00 local time
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


@dataclass(frozen=True)
class CalendarFeed:
    person_id: str
    token_hash: str
    reminder_minutes: int  # minutes after local midnight
    created_at: datetime

    @property
    def reminder_clock(self) -> str:
        return f"{self.reminder_minutes // 60:02d}:{self.reminder_minutes % 60:02d}"


def parse_reminder_time(raw: str) -> int:
    """ "08:30" → 510. Blank is the default time."""
    text = raw.strip()
    if not text:
        return DEFAULT_REMINDER_MINUTES
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise InvalidInput(
            "Reminder time: give a time of day as hours and minutes, e.g. 08:30.",
            field="reminder_time",
        )
    return int(match.group(1)) * 60 + int(match.group(2))
