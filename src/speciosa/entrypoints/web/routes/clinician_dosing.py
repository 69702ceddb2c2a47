"""The clinician's dosing page for one person: the taper-plan editor (draft -> approve, end),
the per-person response table, the dose journal and the dependence screens.

Every form works without JavaScript. No text here suggests taking more: amounts come from
approved plans.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.bootstrap import Services
from speciosa.domain.dosing.doses import KRATOM
from speciosa.domain.dosing.plans import HOLD_INSTRUMENTS
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import DomainError, InvalidInput
from speciosa.entrypoints.web.dosing_cards import plan_panel
from speciosa.entrypoints.web.form_fields import FormDep, first
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.dosing.taper_drafts import PlanDraft

router = APIRouter()
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]


def _clinician_page(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    *,
    error: str = "",
    error_field: str = "",
    form: dict[str, str] | None = None,
    editing: str = "",
    status_code: int = 200,
) -> Response:
    views = services.tapers.plans_for(actor, person_id)
    panels = [plan_panel(services, actor, v) for v in views if v.plan.active]
    default = services.tapers.default_for(KRATOM)
    rule = services.tapers.default_hold_rule("sows")
    return render(
        request,
        "dosing/clinician.html",
        {
            "person": services.accounts.get(person_id),
            "person_id": person_id,
            "panels": panels,
            "drafts": [v for v in views if v.plan.status.value == "draft"],
            "ended": [v for v in views if v.plan.status.value == "ended"],
            "guidance": services.tapers.reference.guidance,
            "hold_defaults": services.tapers.reference.hold_rules,
            "default": default,
            "rule": rule,
            "instruments": HOLD_INSTRUMENTS,
            "response": services.doses.response_table(actor, person_id),
            "doses": services.doses.page(actor, person_id, None, 20).items,
            "screens": services.dependence.screens_for(actor, person_id, limit=5),
            "definition": services.dependence.definition,
            "today": services.person_time.today_of(actor, person_id).isoformat(),
            "error": error,
            "error_field": error_field,
            "form": form or {},
            "editing": editing,
        },
        status_code=status_code,
    )


@router.get("/clinic/persons/{person_id}/dosing")
def clinician_dosing(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _clinician_page(request, services, user.actor, person_id[:64])


def _draft_from(form: dict[str, str]) -> PlanDraft:
    return PlanDraft(
        substance=form.get("substance", ""),
        start_amount=form.get("start", ""),
        unit_step=form.get("unit_step", ""),
        reduction_pct=form.get("reduction_pct", ""),
        every_days=form.get("every_days", ""),
        start_date=form.get("start_date", ""),
        hold_instrument=form.get("hold_instrument", "sows"),
        hold_min_rise=form.get("hold_min_rise", ""),
        hold_window_days=form.get("hold_window_days", ""),
        hold_days=form.get("hold_days", ""),
        note=form.get("note") or None,
    )


@router.post("/clinic/persons/{person_id}/plans")
def create_plan(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep, fields: FormDep
) -> Response:
    form = {k: first(fields, k) for k in fields}
    person_id = person_id[:64]
    try:
        services.tapers.create_draft(user.actor, person_id, _draft_from(form))
    except InvalidInput as error:
        return _clinician_page(
            request,
            services,
            user.actor,
            person_id,
            error=error.detail,
            error_field=error.field or "",
            form=form,
            status_code=422,
        )
    return RedirectResponse(
        f"/clinic/persons/{person_id}/dosing?notice=plan-drafted#plans", status_code=303
    )


@router.post("/clinic/persons/{person_id}/plans/{plan_id}")
def update_plan(
    request: Request,
    person_id: str,
    plan_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    form = {k: first(fields, k) for k in fields}
    person_id = person_id[:64]
    try:
        services.tapers.update_draft(user.actor, plan_id[:64], _draft_from(form))
    except InvalidInput as error:
        return _clinician_page(
            request,
            services,
            user.actor,
            person_id,
            error=error.detail,
            error_field=error.field or "",
            form=form,
            editing=plan_id[:64],
            status_code=422,
        )
    return RedirectResponse(
        f"/clinic/persons/{person_id}/dosing?notice=plan-drafted#plans", status_code=303
    )


def _plan_action(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    action: Any,
    notice: str,
) -> Response:
    try:
        action()
    except DomainError as error:
        if error.slug not in ("conflict", "invalid-input"):
            raise
        return _clinician_page(
            request,
            services,
            actor,
            person_id,
            error=error.detail,
            status_code=409 if error.slug == "conflict" else 422,
        )
    return RedirectResponse(
        f"/clinic/persons/{person_id}/dosing?notice={notice}#plans", status_code=303
    )


def _approval_page(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    plan_id: str,
    *,
    error: str = "",
    start_reason: str = "",
    status_code: int = 200,
) -> Response:
    """The separate confirmation step: the first steps restated, and the start compared with
    the person's logged intake (a reason field when it is above)."""
    approval = services.tapers.approval(actor, plan_id)
    return render(
        request,
        "dosing/approve_plan.html",
        {
            "approval": approval,
            "person": services.accounts.get(approval.plan.person_id),
            "person_id": person_id,
            "error": error,
            "start_reason": start_reason,
        },
        status_code=status_code,
    )


@router.get("/clinic/persons/{person_id}/plans/{plan_id}/approve")
def confirm_approval(
    request: Request, person_id: str, plan_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _approval_page(request, services, user.actor, person_id[:64], plan_id[:64])


@router.post("/clinic/persons/{person_id}/plans/{plan_id}/approve")
def approve_plan(
    request: Request,
    person_id: str,
    plan_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    """Without `confirm=yes` this only shows the confirmation step; with it, approves."""
    person_id, plan_id = person_id[:64], plan_id[:64]
    reason = first(fields, "start_reason")[:1000]
    if first(fields, "confirm") != "yes":
        return _approval_page(request, services, user.actor, person_id, plan_id)
    try:
        services.tapers.approve(user.actor, plan_id, start_reason=reason)
    except InvalidInput as error:
        if error.field != "start_reason":
            return _plan_action(request, services, user.actor, person_id, _raise(error), "")
        return _approval_page(
            request,
            services,
            user.actor,
            person_id,
            plan_id,
            error=error.detail,
            start_reason=reason,
            status_code=422,
        )
    except DomainError as error:
        return _plan_action(request, services, user.actor, person_id, _raise(error), "")
    return RedirectResponse(
        f"/clinic/persons/{person_id}/dosing?notice=plan-approved#plans", status_code=303
    )


def _raise(error: DomainError) -> Any:
    """An action for `_plan_action` that fails the way the approval did (same error page)."""

    def fail() -> None:
        raise error

    return fail


@router.post("/clinic/persons/{person_id}/plans/{plan_id}/discard")
def discard_plan(
    request: Request, person_id: str, plan_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    return _plan_action(
        request,
        services,
        user.actor,
        person_id[:64],
        lambda: services.tapers.discard(user.actor, plan_id[:64]),
        "plan-discarded",
    )


@router.post("/clinic/persons/{person_id}/plans/{plan_id}/end")
def end_plan(
    request: Request,
    person_id: str,
    plan_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    return _plan_action(
        request,
        services,
        user.actor,
        person_id[:64],
        lambda: services.tapers.end(user.actor, plan_id[:64], reason),
        "plan-ended",
    )
