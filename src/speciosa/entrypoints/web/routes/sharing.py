"""The person's sharing page (grant / revoke clinician access, research consent) and
"who looked at my data"."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.access_log import summarise_access
from speciosa.domain.foundation.accounts import Role
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
# How many of the newest audit rows "who looked" groups (the trail's largest page).
AUDIT_WINDOW = 200


@router.get("/me/sharing")
def sharing(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    grants = services.consent.grants(user.actor)
    active = {g.clinician.id for g in grants if g.consent.active}
    return render(
        request,
        "sharing.html",
        {
            "grants": grants,
            "clinicians": [c for c in services.accounts.list_clinicians() if c.id not in active],
            "research": services.consent.research_consented(user.actor),
            "share_prompt": not active,
        },
    )


@router.post("/me/sharing/grant")
def grant(
    user: PersonUser, services: ServicesDep, clinician_id: Annotated[str, Form(max_length=64)]
) -> Response:
    services.consent.grant(user.actor, clinician_id)
    return RedirectResponse("/me/sharing?notice=granted", status_code=303)


@router.post("/me/sharing/revoke")
def revoke(
    user: PersonUser, services: ServicesDep, clinician_id: Annotated[str, Form(max_length=64)]
) -> Response:
    services.consent.revoke(user.actor, clinician_id)
    return RedirectResponse("/me/sharing?notice=revoked", status_code=303)


@router.post("/me/sharing/research")
def research(
    user: PersonUser, services: ServicesDep, consented: Annotated[str, Form(max_length=5)] = "0"
) -> Response:
    on = consented == "1"
    services.consent.set_research_consent(user.actor, on)
    return RedirectResponse(f"/me/sharing?notice=research-{'on' if on else 'off'}", status_code=303)


@router.get("/me/audit")
def who_looked(
    request: Request, user: PersonUser, services: ServicesDep, mine: str = ""
) -> Response:
    """Grouped by who, day and part of the record, in words; the person's own use of their
    record is hidden unless they ask for it (`?mine=1`)."""
    include_own = mine == "1"
    log = services.audit.own_access_log(user.actor, AUDIT_WINDOW)
    events = log.events
    tz = services.person_time.timezone_of(user.actor, user.actor.user_id)
    acting = {e.actor_id for e in events if e.actor_id}
    names = {i: log.names.get(i, "A deleted account") for i in acting}
    names[user.actor.user_id] = "You"
    summaries = summarise_access(events, tz, own_id=user.actor.user_id, include_own=include_own)
    days = [
        (day, [s.sentence(_who(s.actor_id, s.actor_role, names)) for s in group])
        for day, group in groupby(summaries, key=lambda s: s.day)
    ]
    return render(
        request,
        "audit.html",
        {
            "days": days,
            "include_own": include_own,
            "window": len(events),
            "full": len(events) >= AUDIT_WINDOW,
        },
    )


def _who(actor_id: str | None, role: str, names: dict[str, str]) -> str:
    if actor_id and actor_id in names:
        return names[actor_id]
    return "Speciosa (automatically)" if role in ("system", "anonymous") else "Someone"
