"""A datetime-local form field (no zone) read in the person's own time zone; blank is "now".

Used where a phone may send a form later than it was filled in (the offline queue stamps the
moment the person pressed save), so the record keeps the time it was made, not the time it
arrived."""

from __future__ import annotations

from datetime import datetime

from speciosa.bootstrap import Services
from speciosa.domain.errors import InvalidInput
from speciosa.services.withdrawal import person_timezone


def local_time(
    services: Services, person_id: str, raw: str, field: str = "taken_at"
) -> datetime | None:
    text = raw.strip()
    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("The time is not a date and time.", field=field) from None
    if naive.tzinfo is not None:
        return naive
    with services.uow(read_only=True) as uow:
        return naive.replace(tzinfo=person_timezone(uow, person_id))
