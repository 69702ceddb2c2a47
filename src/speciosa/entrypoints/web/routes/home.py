"""Each role's home page: the person's own page, the clinician's list, the admin's accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role, parse_role
from speciosa.domain.foundation.alerts import triage_order
from speciosa.domain.foundation.errors import DomainError
from speciosa.entrypoints.web.sections import CLINICIAN_PERSON, PERSON_HOME, render_sections
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.foundation.accounts import NewUser

router = APIRouter()

PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
AdminUser = Annotated[WebUser, require_role(Role.ADMIN)]


@router.get("/me")
def person_home(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    # Each section reads through its own audited call: their audit rows go in one transaction.
    with services.audit.one_transaction():
        alerts = services.alerts.for_person(user.actor, user.actor.user_id, open_only=True)
        sections = render_sections(PERSON_HOME, services, user.actor, user.actor.user_id)
        share_prompt = not any(g.consent.active for g in services.consent.grants(user.actor))
    return render(
        request,
        "person_home.html",
        {"alerts": alerts, "sections": sections, "share_prompt": share_prompt},
    )


# The clinician's dashboard (/clinic) lives in routes/clinic.py (issue 8).


@router.get("/clinic/persons/{person_id}")
def clinic_person(
    request: Request, person_id: str, user: ClinicianUser, services: ServicesDep
) -> Response:
    # Each section reads through its own audited call: their audit rows go in one transaction
    # (measured: 13 short write transactions per view before).
    with services.audit.one_transaction():
        alerts = triage_order(services.alerts.for_person(user.actor, person_id))
        person = services.accounts.get(person_id)
        sections = render_sections(CLINICIAN_PERSON, services, user.actor, person_id)
    return render(
        request, "clinic_person.html", {"person": person, "alerts": alerts, "sections": sections}
    )


@router.post("/clinic/alerts/{alert_id}/acknowledge")
def acknowledge(
    alert_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=200)] = "/clinic",
) -> Response:
    alert = services.alerts.acknowledge(user.actor, alert_id, note)
    target = back if back.startswith("/clinic") else f"/clinic/persons/{alert.person_id}"
    return RedirectResponse(f"{target}?notice=acknowledged", status_code=303)


@router.get("/admin")
def admin(request: Request, user: AdminUser, services: ServicesDep) -> Response:
    return render(
        request,
        "admin.html",
        {"users": services.accounts.list_users(user.actor), "roles": [r.value for r in Role]},
    )


@router.post("/admin/users")
def admin_create_user(
    request: Request,
    user: AdminUser,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=256)],
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    try:
        services.accounts.create_user(
            NewUser(email=email, role=parse_role(role), password=password, name=name), by=user.actor
        )
    except DomainError as error:
        return render(
            request,
            "admin.html",
            {
                "users": services.accounts.list_users(user.actor),
                "roles": [r.value for r in Role],
                "error": error.detail,
                "form": {"email": email, "name": name, "role": role},
            },
            status_code=422,
        )
    return RedirectResponse("/admin?notice=account-created", status_code=303)


@router.post("/admin/users/{user_id}/disabled")
def admin_disable(
    user_id: str,
    user: AdminUser,
    services: ServicesDep,
    disabled: Annotated[str, Form(max_length=5)] = "1",
) -> Response:
    services.accounts.set_disabled(user.actor, user_id, disabled == "1")
    return RedirectResponse("/admin?notice=account-updated", status_code=303)
