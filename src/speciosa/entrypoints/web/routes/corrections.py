"""Correcting what was recorded, from the history pages (issue 12): the person corrects a dose
or a check-in, or marks it entered in error; a clinician does the same for a check-in they
rated. Each action is a page that shows the record and asks for confirmation; the original
stays in the history, marked, and in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import DomainError, NotFound
from speciosa.entrypoints.web.form_fields import FormDep, FormFields, first, local_time
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.dosing.dose_corrections import DoseCorrection
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
ACTIONS = ("correct", "entered-in-error")


@dataclass(frozen=True)
class Confirmation:
    """The confirmation page of one action on one record."""

    noun: str  # "dose", "check-in"
    record: Any
    action: str
    action_url: str
    back: str


# The refusals shown on the confirmation page, with its status; any other error is the app's.
REFUSAL_STATUS = {"invalid-input": 422, "conflict": 409, "forbidden": 403}


def _page(
    request: Request,
    services: Services,
    actor: Actor,
    page: Confirmation,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    tz = services.person_time.timezone_of(actor, page.record.person_id)
    return render(
        request,
        "corrections/confirm.html",
        {
            "noun": page.noun,
            "record": page.record,
            "action": page.action,
            "action_url": page.action_url,
            "back": page.back,
            "tz": tz,
            "when_local": page.record.taken_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
            "error": error,
            "form": form or {},
        },
        status_code=status_code,
    )


def _refusal(
    request: Request,
    services: Services,
    actor: Actor,
    page: Confirmation,
    form: dict[str, str],
    apply: Callable[[], object],
    shown: tuple[str, ...],
) -> Response | None:
    """Apply the action; a refusal whose slug is in `shown` is the page again with its message
    and what was typed, None when it was applied."""
    try:
        apply()
    except DomainError as error:
        if error.slug not in shown:
            raise
        status = REFUSAL_STATUS[error.slug]
        return _page(
            request, services, actor, page, error=error.detail, form=form, status_code=status
        )
    return None


def _fields(fields: FormFields) -> dict[str, str]:
    return {k: first(fields, k)[:500] for k in fields}


def _check_action(action: str) -> str:
    if action not in ACTIONS:
        raise NotFound(f"There is no action {action[:40]!r} on a record.")
    return action


# ---------------------------------------------------------------------- doses (the person)


def _dose_page(dose: Any, action: str) -> Confirmation:
    return Confirmation("dose", dose, action, f"/me/doses/{dose.id}/{action}", "/me/doses")


@router.get("/me/doses/{dose_id}/{action}")
def dose_action_page(
    request: Request, dose_id: str, action: str, user: PersonUser, services: ServicesDep
) -> Response:
    dose = services.doses.get(user.actor, dose_id[:64])
    return _page(request, services, user.actor, _dose_page(dose, _check_action(action)))


@router.post("/me/doses/{dose_id}/{action}")
def dose_action(
    request: Request,
    dose_id: str,
    action: str,
    user: PersonUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    action, form = _check_action(action), _fields(fields)
    dose = services.doses.get(user.actor, dose_id[:64])

    def apply() -> object:
        if action == "correct":
            return services.doses.correct(
                user.actor,
                dose.id,
                DoseCorrection(
                    id=form.get("id") or None,
                    amount=form.get("amount") or None,
                    taken_at=local_time(
                        services, user.actor, dose.person_id, form.get("taken_at", "")
                    ),
                    note=form.get("note", dose.note),
                    reason=form.get("reason", ""),
                ),
            )
        return services.doses.mark_entered_in_error(user.actor, dose.id, form.get("reason", ""))

    page = _dose_page(dose, action)
    refused = _refusal(
        request, services, user.actor, page, form, apply, ("invalid-input", "conflict")
    )
    if refused is not None:
        return refused
    services.taper_holds.review_holds(user.actor, user.actor.user_id)
    notice = "dose-corrected" if action == "correct" else "dose-in-error"
    return RedirectResponse(f"/me/doses?notice={notice}#history-h", status_code=303)


# ---------------------------------------------------------------------- check-ins


def _checkin_action(
    request: Request,
    services: Services,
    actor: Actor,
    checkin_id: str,
    action: str,
    fields: FormFields | None,
    base: str,
) -> Response:
    """GET (fields None) shows the confirmation; POST applies it. `base` is /me or the
    clinician's /clinic/persons/{id}; the trend page there lists the check-ins."""
    action = _check_action(action)
    checkin = services.checkins.get(actor, checkin_id[:64])
    back = f"{base}/withdrawal"
    page = Confirmation("check-in", checkin, action, f"{base}/checkins/{checkin.id}/{action}", back)
    if fields is None:
        return _page(request, services, actor, page)
    form = _fields(fields)

    def apply() -> object:
        if action == "correct":
            return services.record_checkin.correct(
                actor,
                checkin.id,
                CheckInCorrection(
                    id=form.get("id") or None,
                    taken_at=local_time(
                        services, actor, checkin.person_id, form.get("taken_at", "")
                    ),
                    note=form.get("note", checkin.note),
                    reason=form.get("reason", ""),
                ),
            )
        return services.checkins.mark_entered_in_error(actor, checkin.id, form.get("reason", ""))

    refused = _refusal(request, services, actor, page, form, apply, tuple(REFUSAL_STATUS))
    if refused is not None:
        return refused
    notice = "checkin-corrected" if action == "correct" else "checkin-in-error"
    return RedirectResponse(f"{back}?notice={notice}#recent-h", status_code=303)


@router.get("/me/checkins/{checkin_id}/{action}")
def my_checkin_action_page(
    request: Request, checkin_id: str, action: str, user: PersonUser, services: ServicesDep
) -> Response:
    return _checkin_action(request, services, user.actor, checkin_id, action, None, "/me")


@router.post("/me/checkins/{checkin_id}/{action}")
def my_checkin_action(
    request: Request,
    checkin_id: str,
    action: str,
    user: PersonUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    return _checkin_action(request, services, user.actor, checkin_id, action, fields, "/me")


@router.get("/clinic/persons/{person_id}/checkins/{checkin_id}/{action}")
def rated_checkin_action_page(
    request: Request,
    person_id: str,
    checkin_id: str,
    action: str,
    user: ClinicianUser,
    services: ServicesDep,
) -> Response:
    base = f"/clinic/persons/{person_id[:64]}"
    return _checkin_action(request, services, user.actor, checkin_id, action, None, base)


@router.post("/clinic/persons/{person_id}/checkins/{checkin_id}/{action}")
def rated_checkin_action(
    request: Request,
    person_id: str,
    checkin_id: str,
    action: str,
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    base = f"/clinic/persons/{person_id[:64]}"
    return _checkin_action(request, services, user.actor, checkin_id, action, fields, base)
