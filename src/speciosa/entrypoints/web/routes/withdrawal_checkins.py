"""Withdrawal check-in pages: the person's one-minute SOWS check-in (which other features extend,
e.g. with the red-flag checklist) and the clinician's COWS and OOWS forms.

Every form works without JavaScript. Each check-in form carries a fresh client id, so sending
the same form twice (a double tap, a retried connection) stores one check-in.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.instruments.definitions import Instrument
from speciosa.entrypoints.web.checkin_form import CHECKIN_FORM_EXTENSIONS
from speciosa.entrypoints.web.clinician_assessments import (
    load_flowsheet,
    local_now,
    parse_assessment_time,
)
from speciosa.entrypoints.web.form_fields import FormDep, FormFields, first, local_time
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.withdrawal.checkins import NewCheckIn

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")  # ASCII digits only; anything else goes to the domain


def answers_from(instrument: Instrument, fields: FormFields) -> dict[str, object]:
    """Form values to answers; a value that is not a number is passed on for the domain to
    refuse by name (so the message is the same as the API's)."""
    answers: dict[str, object] = {}
    keys = [i.id for i in instrument.items] + [m.id for m in instrument.measurements]
    for key in keys:
        raw = first(fields, key)
        if raw:
            answers[key] = int(raw) if WHOLE_NUMBER.fullmatch(raw) else raw
    return answers


def unanswered(instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    """Every question left blank, in the question's own words (all at once, not one a submit)."""
    missing = []
    for item in instrument.items:
        measurement = instrument.measurement_for_item(item.id)
        if item.id not in answers and (measurement is None or measurement.id not in answers):
            missing.append(item.text)
    return missing


def chosen_from(fields: FormFields) -> dict[str, str]:
    return {k: v[0] for k, v in fields.items() if v}


# ---------------------------------------------------------------------- the person's pages


def _sows_page(
    request: Request,
    services: Services,
    user: WebUser,
    *,
    checkin_id: str,
    chosen: Mapping[str, str] | None = None,
    error: str = "",
    error_field: str = "",
    missing: list[str] | None = None,
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "instrument": services.checkins.instruments.get("sows"),
        "checkin_id": checkin_id,
        "chosen": chosen or {},
        "error": error,
        "error_field": error_field.removeprefix("answers."),
        "missing": missing or [],
        "problems": problems or [],
        "extensions": [e.template for e in CHECKIN_FORM_EXTENSIONS],
    }
    for extension in CHECKIN_FORM_EXTENSIONS:
        context.update(extension.context(services, user.actor))
    return render(request, "withdrawal/checkin_sows.html", context, status_code=status_code)


@router.get("/me/checkin")
def checkin_form(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _sows_page(request, services, user, checkin_id=str(uuid.uuid4()))


@router.post("/me/checkin")
def checkin_submit(
    request: Request, user: PersonUser, services: ServicesDep, fields: FormDep
) -> Response:
    instrument = services.checkins.instruments.get("sows")
    checkin_id = first(fields, "id")
    answers = answers_from(instrument, fields)
    missing = unanswered(instrument, answers)
    problems = [p for e in CHECKIN_FORM_EXTENSIONS if e.validate for p in e.validate(fields)]
    if missing or problems:
        return _sows_page(
            request,
            services,
            user,
            checkin_id=checkin_id if _is_uuid(checkin_id) else str(uuid.uuid4()),
            chosen=chosen_from(fields),
            missing=missing,
            problems=problems,
            status_code=422,
        )
    try:
        recorded = services.record_checkin.record(
            user.actor,
            NewCheckIn(
                id=checkin_id,
                instrument="sows",
                answers=answers,
                # Blank from a live form; the offline queue stamps when save was pressed.
                taken_at=local_time(
                    services, user.actor, user.actor.user_id, first(fields, "taken_at")
                ),
                note=first(fields, "note") or None,
            ),
        )
    except InvalidInput as error:
        return _sows_page(
            request,
            services,
            user,
            checkin_id=checkin_id if _is_uuid(checkin_id) else str(uuid.uuid4()),
            chosen=chosen_from(fields),
            error=error.detail,
            error_field=error.field or "",
            status_code=422,
        )
    target = "/me/withdrawal?notice=checkin-saved"
    for extension in CHECKIN_FORM_EXTENSIONS:
        target = extension.after_record(services, user.actor, fields, recorded.checkin) or target
    return RedirectResponse(target, status_code=303)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------- the clinician's forms


CLINICIAN_FORMS = {"cows", "oows"}


def _clinician_form(
    request: Request,
    services: Services,
    user: WebUser,
    person_id: str,
    name: str,
    *,
    checkin_id: str,
    chosen: Mapping[str, str] | None = None,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> Response:
    # Reading the person's name through the withdrawal overview checks access (and audits).
    overview = services.withdrawal.overview(user.actor, person_id, 1)
    instrument = services.checkins.instruments.get(name)
    chosen = dict(chosen or {})
    chosen.setdefault("taken_at", local_now(overview.tz, overview.now))
    return render(
        request,
        "withdrawal/checkin_clinician.html",
        {
            "instrument": instrument,
            "person": services.accounts.get(person_id),
            "checkin_id": checkin_id,
            "chosen": chosen,
            "error": error,
            "error_field": error_field.removeprefix("answers."),
            "timezone": str(overview.tz),
            "flowsheet": load_flowsheet(services, user.actor, person_id, instrument, overview.tz),
        },
        status_code=status_code,
    )


def _clinician_instrument(name: str) -> str:
    if name not in CLINICIAN_FORMS:
        raise InvalidInput(
            f"There is no clinician form for {name!r}; use cows or oows.", field="instrument"
        )
    return name


@router.get("/clinic/persons/{person_id}/checkin/{name}")
def clinician_checkin_form(
    request: Request, person_id: str, name: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _clinician_form(
        request,
        services,
        user,
        person_id,
        _clinician_instrument(name),
        checkin_id=str(uuid.uuid4()),
    )


@router.post("/clinic/persons/{person_id}/checkin/{name}")
def clinician_checkin_submit(
    request: Request,
    person_id: str,
    name: str,
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    instrument = services.checkins.instruments.get(_clinician_instrument(name))
    checkin_id = first(fields, "id")
    try:
        tz = services.withdrawal.overview(user.actor, person_id, 1).tz
        services.record_checkin.record(
            user.actor,
            NewCheckIn(
                id=checkin_id,
                instrument=instrument.name,
                answers=answers_from(instrument, fields),
                taken_at=parse_assessment_time(first(fields, "taken_at"), tz),
                person_id=person_id,
                note=first(fields, "note") or None,
                backdate_reason=first(fields, "backdate_reason") or None,
            ),
        )
    except InvalidInput as error:
        return _clinician_form(
            request,
            services,
            user,
            person_id,
            instrument.name,
            checkin_id=checkin_id if _is_uuid(checkin_id) else str(uuid.uuid4()),
            chosen=chosen_from(fields),
            error=error.detail,
            error_field=error.field or "",
            status_code=422,
        )
    return RedirectResponse(f"/clinic/persons/{person_id}?notice=checkin-saved", status_code=303)
