"""Jinja2 environment and the one `render` every page uses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from speciosa import __version__
from speciosa.domain.dosing.taper import amount_number
from speciosa.entrypoints.web.navigation import URGENT_HELP, menu_for
from speciosa.entrypoints.web.session import csrf_token_for, optional_user, set_pre_session_cookie

TEMPLATES = Path(__file__).parent / "templates"
# Messages shown after a redirect (`?notice=code`). Only known codes are shown, so a crafted link
# cannot put words of its own on a clinical page.
NOTICES: dict[str, str] = {
    "signed-out": "You are signed out.",
    "granted": "Access granted. Your clinician can see your record now.",
    "revoked": "Access revoked. That clinician can no longer see your record.",
    "research-on": "Thank you. Your pseudonymous data can be included in research exports.",
    "research-off": "Your data will not be included in research exports from now on.",
    "account-created": "Account created.",
    "account-updated": "Account updated.",
    "acknowledged": "Alert acknowledged.",
    "alerts-acknowledged": "The ticked alerts are acknowledged, with your note.",
    "note-saved": "Note saved on the timeline.",
    "purchase-added": "Added. Upload its lab certificate to have it checked.",
    "purchase-updated": "Saved.",
    "checkin-saved": "Check-in saved.",
    "profile-saved": "Saved. The usual course is shown behind the scores.",
    "medication-added": "Added and checked against kratom and your other medicines.",
    "medications-imported": "Medicines imported from the FHIR file and checked; any name not "
    "recognised is listed under Precautions.",
    "medication-alert": "Added. See the serious interaction below; your clinician was alerted.",
    "medication-removed": "Removed from your list.",
    "conditions-saved": "Conditions saved.",
    "jurisdiction-saved": "Saved. The legal status below is for your new jurisdiction.",
    "dose-saved": "Dose logged.",
    "dose-corrected": "Dose corrected. The original stays in the history, marked corrected.",
    "dose-in-error": "Marked as entered in error. It no longer counts; it stays in the history.",
    "checkin-corrected": "Check-in corrected. The original stays in the list, marked corrected.",
    "checkin-in-error": "Marked as entered in error. It no longer counts in the charts.",
    "dose-escalation": "Dose logged. Your use rose over the past week; your clinician will see it.",
    "plan-drafted": "Draft saved. The person sees it only after you approve it.",
    "plan-approved": "Plan approved. The person sees it now.",
    "plan-discarded": "Draft discarded.",
    "plan-ended": "Plan ended.",
    "screen-saved": "Answers saved. Talk them over with your clinician.",
    "verified": "Verified for the batch: this certificate now decides every purchaser's verdict.",
    "reminders-off": "Reminder calendar turned off. Its address no longer works.",
    "password-changed": "Password changed. Every other session and app sign-in was ended.",
    "password-reset": "Password set. Sign in with your new password.",
}
STATIC = Path(__file__).parent / "static"


def format_when(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    return value.strftime(fmt) if value else ""


def format_amount(value: object) -> str:
    """A dose amount without binary noise or trailing zeros: 10, 9.5, 0.25."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return str(amount_number(number))


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["version"] = __version__
    templates.env.filters["when"] = format_when
    templates.env.filters["amount"] = format_amount
    return templates


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    user = optional_user(request)
    page = {
        "user": user.actor if user else None,
        "menu": menu_for(user.actor.role if user else None),
        "urgent_help": URGENT_HELP if user and user.actor.role in URGENT_HELP.roles else None,
        "csrf_token": csrf_token_for(request),
        "path": request.url.path,
        "notice": NOTICES.get(request.query_params.get("notice", ""), ""),
    }
    page.update(context or {})
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    set_pre_session_cookie(request, response, request.app.state.services)
    return response
