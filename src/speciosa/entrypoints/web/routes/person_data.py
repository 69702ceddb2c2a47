"""The person's own data and reminders: "download my data" (CSV and JSON) and the private
reminder calendar (create, regenerate, turn off; the feed itself at /calendar/{secret}.ics)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.adapters.calendar_reminders import first_reminder_day, render_reminder_feed
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.reports.reminders import DEFAULT_REMINDER_MINUTES, parse_reminder_time
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.reports.data_export import KINDS, as_csv, as_json

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
DOWNLOAD_NAMES = {"checkins": "check-ins", "doses": "doses", "wellbeing": "cravings-and-sleep"}


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get("/me/data")
def data_page(request: Request, user: PersonUser) -> Response:
    return render(request, "person/data.html", {"kinds": DOWNLOAD_NAMES})


@router.get("/me/data/export.json")
def export_json(user: PersonUser, services: ServicesDep) -> Response:
    data = services.data_export.collect(user.actor, "all")
    body = json.dumps(as_json(data), ensure_ascii=False, indent=1)
    return Response(
        body, media_type="application/json", headers=_attachment("speciosa-my-data.json")
    )


@router.get("/me/data/{kind}.csv")
def export_csv(kind: str, user: PersonUser, services: ServicesDep) -> Response:
    if kind not in KINDS:  # e.g. "all": the whole record is the JSON download, not one CSV
        raise NotFound(
            f"There is no {kind[:32]!r} download. Choose check-ins, doses or wellbeing, "
            "or download everything as JSON."
        )
    data = services.data_export.collect(user.actor, kind)
    name = DOWNLOAD_NAMES.get(kind, kind)
    return Response(
        as_csv(data, kind),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"speciosa-{name}.csv"),
    )


# ---------------------------------------------------------------------- reminders


def _feed_address(request: Request, token: str) -> str:
    return str(request.url_for("reminder_feed", token=token))


def _reminders_page(
    request: Request,
    services: ServicesDep,
    user: WebUser,
    *,
    address: str = "",
    error: str = "",
    status_code: int = 200,
) -> Response:
    feed = services.reminder_feeds.current(user.actor)
    clock = feed.reminder_clock if feed else f"{DEFAULT_REMINDER_MINUTES // 60:02d}:00"
    return render(
        request,
        "person/reminders.html",
        {"feed": feed, "address": address, "clock": clock, "error": error},
        status_code=status_code,
    )


@router.get("/me/reminders")
def reminders_page(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _reminders_page(request, services, user)


@router.post("/me/reminders")
def reminders_issue(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    reminder_time: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Shows the new secret address once, on this answer; it is not stored anywhere readable."""
    try:
        minutes = parse_reminder_time(reminder_time)
    except InvalidInput as error:
        return _reminders_page(request, services, user, error=error.detail, status_code=422)
    token = services.reminder_feeds.issue(user.actor, minutes)
    response = _reminders_page(request, services, user, address=_feed_address(request, token))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/me/reminders/revoke")
def reminders_revoke(user: PersonUser, services: ServicesDep) -> Response:
    services.reminder_feeds.revoke(user.actor)
    return RedirectResponse("/me/reminders?notice=reminders-off", status_code=303)


@router.get("/calendar/{token}.ics", name="reminder_feed")
def reminder_feed(token: str, request: Request, services: ServicesDep) -> Response:
    """No session: the secret in the address stands for the person (a calendar app polls it)."""
    content = services.reminder_feeds.content(token)
    now = services.clock.now()
    text = render_reminder_feed(
        content.feed,
        content.plans,
        now,
        first_reminder_day(content.feed.created_at, content.timezone),
        str(request.base_url),
    )
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
