"""The person's dosing pages: log a dose (or "same as last time" in one tap), the dose history,
the approved taper plan with its holds and chart (and an .ics for the phone calendar), and the
dependence screen. (The clinician's dosing page and plan editor are in `clinician_dosing`.)

Every form works without JavaScript and carries a fresh client id, so a double tap or a resent
form stores one record. No text here suggests taking more: amounts come from approved plans.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.adapters.calendar_ics import render_plan_ics
from speciosa.bootstrap import Services
from speciosa.domain.dosing.doses import KRATOM, Route
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.entrypoints.web.dosing_cards import plan_panel
from speciosa.entrypoints.web.form_fields import FormDep, first, local_time
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.dosing.dependence import NewScreen
from speciosa.services.dosing.journal_entries import NewDose

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
HISTORY_PAGE = 30
OPIOID_CHOICES = ("oxycodone", "hydrocodone", "morphine", "methadone", "buprenorphine", "other")


# ---------------------------------------------------------------------- the person's doses


def _doses_page(
    request: Request,
    services: Services,
    actor: Actor,
    *,
    error: str = "",
    error_field: str = "",
    form: dict[str, str] | None = None,
    cursor: str | None = None,
    status_code: int = 200,
) -> Response:
    person_id = actor.user_id
    products = services.products.products_for(actor, person_id)
    page = services.doses.page(actor, person_id, cursor, HISTORY_PAGE)
    today, _ = services.doses.today_summary(actor, person_id)
    tz = services.person_time.timezone_of(actor, person_id)
    return render(
        request,
        "dosing/doses.html",
        {
            "products": products,
            "doses": page.items,
            "next": page.next,
            "today": today,
            "tz": tz,
            "last": services.doses.last_kratom(actor, person_id),
            "dose_id": str(uuid.uuid4()),
            "opioid_id": str(uuid.uuid4()),
            "repeat_id": str(uuid.uuid4()),
            "routes": [r.value for r in Route],
            "opioids": OPIOID_CHOICES,
            "error": error,
            "error_field": error_field,
            "form": form or {},
        },
        status_code=status_code,
    )


@router.get("/me/doses")
def doses_page(
    request: Request, user: PersonUser, services: ServicesDep, cursor: str = ""
) -> Response:
    return _doses_page(request, services, user.actor, cursor=cursor[:512] or None)


@router.post("/me/doses")
def log_dose(
    request: Request, user: PersonUser, services: ServicesDep, fields: FormDep
) -> Response:
    form = {k: first(fields, k) for k in fields}
    kind = form.get("kind", "kratom") or "kratom"
    try:
        drug = form.get("drug", "")
        if drug == "other":
            drug = form.get("drug_other", "")
        recorded = services.doses.record(
            user.actor,
            NewDose(
                id=form.get("id", ""),
                kind=kind,
                amount=form.get("amount", ""),
                unit=form.get("unit") or None,
                purchase_id=form.get("purchase_id") or None,
                drug=drug or None,
                route=form.get("route") or None,
                taken_at=local_time(
                    services, user.actor, user.actor.user_id, form.get("taken_at", "")
                ),
                note=form.get("note") or None,
            ),
        )
    except (InvalidInput, NotFound) as error:
        return _doses_page(
            request,
            services,
            user.actor,
            error=error.detail,
            error_field=error.field or "",
            form=form,
            status_code=422 if isinstance(error, InvalidInput) else 404,
        )
    services.taper_holds.review_holds(user.actor, user.actor.user_id)
    notice = "dose-escalation" if recorded.alerts else "dose-saved"
    return RedirectResponse(f"/me/doses?notice={notice}", status_code=303)


@router.post("/me/doses/again")
def repeat_dose(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    id: Annotated[str, Form(max_length=64)],
    back: Annotated[str, Form(max_length=40)] = "/me/doses",
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    target = back if back in ("/me", "/me/doses") else "/me/doses"
    recent = services.doses.recent_repeat(user.actor, user.actor.user_id)
    if recent is not None and recent.id != id and confirm != "yes":
        # Within ten minutes of the last dose: more often a double tap or a reload than a
        # second dose, so ask before storing (a resend of the same id is a safe replay).
        tz = services.person_time.timezone_of(user.actor, user.actor.user_id)
        minutes = int((services.clock.now() - recent.recorded_at).total_seconds() // 60)
        return render(
            request,
            "corrections/repeat_confirm.html",
            {"last": recent, "tz": tz, "repeat_id": id, "back": target, "minutes": minutes},
        )
    services.doses.repeat_last(user.actor, id)
    return RedirectResponse(f"{target}?notice=dose-saved", status_code=303)


# ---------------------------------------------------------------------- the person's plan


@router.get("/me/plan")
def plan_page(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    views = services.tapers.plans_for(user.actor, user.actor.user_id)
    panels = [plan_panel(services, user.actor, v) for v in views if v.plan.active]
    ended = [v for v in views if not v.plan.active]
    return render(request, "dosing/plan.html", {"panels": panels, "ended": ended})


@router.get("/me/plans/{plan_id}.ics")
def plan_calendar(plan_id: str, user: PersonUser, services: ServicesDep) -> Response:
    view = services.tapers.plan(user.actor, plan_id[:64])
    what = KRATOM if view.plan.substance == KRATOM else view.plan.substance
    text = render_plan_ics(view.plan, view.schedule, services.clock.now(), what)
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="taper-plan.ics"'},
    )


# ---------------------------------------------------------------------- dependence screen


def _screen_page(
    request: Request,
    services: Services,
    actor: Actor,
    person_id: str,
    *,
    error: str = "",
    chosen: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "dosing/dependence.html",
        {
            "definition": services.dependence.definition,
            "screens": services.dependence.screens_for(actor, person_id),
            "screen_id": str(uuid.uuid4()),
            "error": error,
            "chosen": chosen or {},
            "clinician": actor.is_clinician,
            "person_id": person_id,
        },
        status_code=status_code,
    )


@router.get("/me/dependence")
def screen_page(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _screen_page(request, services, user.actor, user.actor.user_id)


@router.post("/me/dependence")
def screen_submit(
    request: Request, user: PersonUser, services: ServicesDep, fields: FormDep
) -> Response:
    chosen = {k: first(fields, k) for k in fields}
    answers: dict[str, object] = {}
    for item in services.dependence.definition.items:
        value = chosen.get(item.id, "")
        answers[item.id] = True if value == "yes" else False if value == "no" else None
    per_day = chosen.get("typical_doses_per_day", "")
    try:
        services.dependence.record(
            user.actor,
            NewScreen(
                id=chosen.get("id", ""),
                answers=answers,
                medically_supervised=chosen.get("medically_supervised") == "1",
                typical_doses_per_day=int(per_day) if per_day.isdigit() else per_day or None,
            ),
        )
    except InvalidInput as error:
        return _screen_page(
            request,
            services,
            user.actor,
            user.actor.user_id,
            error=error.detail,
            chosen=chosen,
            status_code=422,
        )
    return RedirectResponse("/me/dependence?notice=screen-saved", status_code=303)
