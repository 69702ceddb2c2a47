"""Withdrawal pages: the person's trend chart and withdrawal profile; the clinician's view of the
person's trend and profile. (The check-in forms are in `withdrawal_checkins`.)

Every form works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.course import OpioidClass
from speciosa.entrypoints.web.form_fields import FormDep, FormFields, first
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.entrypoints.web.withdrawal_cards import CLINICIAN_CHART_DAYS, charts_for

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
PERSON_TREND_DAYS = 30


# ---------------------------------------------------------------------- the trend


def _trend_page(
    request: Request, services: Services, actor: Actor, person_id: str, clinician: bool
) -> Response:
    services.missed_checkins.sweep_missed_for(actor, person_id)
    overview = services.withdrawal.overview(
        actor, person_id, CLINICIAN_CHART_DAYS if clinician else PERSON_TREND_DAYS
    )
    page = services.checkins.page(actor, person_id, limit=10)
    person = services.accounts.get(person_id) if clinician else None
    return render(
        request,
        "withdrawal/trend.html",
        {
            "overview": overview,
            "charts": charts_for(services, overview),
            "recent": page.items,
            "clinician": clinician,
            "person": person,
            "base": f"/clinic/persons/{person_id}" if clinician else "/me",
            "actor_id": actor.user_id,  # a clinician corrects the check-ins they rated
        },
    )


@router.get("/me/withdrawal")
def person_trend(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _trend_page(request, services, user.actor, user.actor.user_id, clinician=False)


# ---------------------------------------------------------------------- the profile form


def _profile_page(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    action: str,
    *,
    error: str = "",
    chosen: Mapping[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    profile = services.withdrawal.get_profile(actor, person_id)
    overview = services.withdrawal.overview(actor, person_id, 1)
    last_use_local = (
        profile.last_use_at.astimezone(overview.tz).strftime("%Y-%m-%dT%H:%M") if profile else ""
    )
    values = chosen or {
        "opioids": [o.value for o in profile.opioids] if profile else [],
        "last_use_at": last_use_local,
    }
    return render(
        request,
        "withdrawal/profile.html",
        {
            "windows": [services.withdrawal.windows[o] for o in OpioidClass],
            "values": values,
            "action": action,
            "error": error,
            "course_now": overview.describe_now,
            "timezone": str(overview.tz),
        },
        status_code=status_code,
    )


def _save_profile(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    fields: FormFields,
    action: str,
    done: str,
) -> Response:
    raw_when = first(fields, "last_use_at")
    try:
        try:
            when = datetime.fromisoformat(raw_when) if raw_when else None
        except ValueError:
            raise InvalidInput("Give the date and time of last use.", field="last_use_at") from None
        services.withdrawal.set_profile(
            actor,
            None if actor.user_id == person_id else person_id,
            fields.get("opioids", []),
            when,
        )
    except InvalidInput as error:
        return _profile_page(
            request,
            services,
            actor,
            person_id,
            action,
            error=error.detail,
            chosen={"opioids": fields.get("opioids", []), "last_use_at": raw_when},
            status_code=422,
        )
    return RedirectResponse(done, status_code=303)


@router.get("/me/withdrawal/profile")
def person_profile(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _profile_page(
        request, services, user.actor, user.actor.user_id, "/me/withdrawal/profile"
    )


@router.post("/me/withdrawal/profile")
def person_profile_save(
    request: Request, user: PersonUser, services: ServicesDep, fields: FormDep
) -> Response:
    return _save_profile(
        request,
        services,
        user.actor,
        user.actor.user_id,
        fields,
        "/me/withdrawal/profile",
        "/me/withdrawal?notice=profile-saved",
    )


# ---------------------------------------------------------------------- the clinician's pages


@router.get("/clinic/persons/{person_id}/withdrawal")
def clinician_trend(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _trend_page(request, services, user.actor, person_id, clinician=True)


@router.get("/clinic/persons/{person_id}/withdrawal/profile")
def clinician_profile(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _profile_page(
        request, services, user.actor, person_id, f"/clinic/persons/{person_id}/withdrawal/profile"
    )


@router.post("/clinic/persons/{person_id}/withdrawal/profile")
def clinician_profile_save(
    request: Request,
    person_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    return _save_profile(
        request,
        services,
        user.actor,
        person_id,
        fields,
        f"/clinic/persons/{person_id}/withdrawal/profile",
        f"/clinic/persons/{person_id}/withdrawal?notice=profile-saved",
    )
