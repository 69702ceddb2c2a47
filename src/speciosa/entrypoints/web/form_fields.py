"""Reading a posted form in a page route: every text field as a list of values (a field may
repeat, e.g. ticked checkboxes), and the first value of one field."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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
