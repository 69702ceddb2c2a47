"""Reading a posted form in a page route: every text field as a list of values (a field may
repeat, e.g. ticked checkboxes), the first value of one field, and a datetime-local field read in
the person's own time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput

FormFields = dict[str, list[str]]


async def form_fields(request: Request) -> FormFields:
    """Every text field of the posted form (already parsed and cached by the CSRF check)."""
    form = await request.form()
    fields: FormFields = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, []).append(value)
    return fields


FormDep = Annotated[FormFields, Depends(form_fields)]


def first(fields: FormFields, name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


def local_time(
    services: Services, actor: Actor, person_id: str, raw: str, field: str = "taken_at"
) -> datetime | None:
    """Blank is "now". A phone may send a form later than it was filled in (the offline queue
    stamps the moment save was pressed), so the record keeps the time it was made."""
    text = raw.strip()
    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("The time is not a date and time.", field=field) from None
    return services.person_time.place_local_time(actor, person_id, naive)
