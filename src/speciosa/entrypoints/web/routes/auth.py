"""Sign-in and sign-out pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import NotAuthenticated, TooManyAttempts
from speciosa.domain.foundation.sessions import SessionKind
from speciosa.entrypoints.api.dependencies import client_address
from speciosa.entrypoints.web.session import (
    DEVICE_COOKIE,
    SESSION_COOKIE,
    OptionalUserDep,
    ServicesDep,
    clear_session_cookie,
    set_device_cookie,
    set_session_cookie,
)
from speciosa.entrypoints.web.templating import render

router = APIRouter()

HOME_BY_ROLE = {Role.PERSON: "/me", Role.CLINICIAN: "/clinic", Role.ADMIN: "/admin"}


def safe_next(value: str | None, fallback: str) -> str:
    """Only same-site paths: an open redirect after sign-in is a phishing tool."""
    if not value:
        return fallback
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return fallback
    return value


@router.get("/")
def root(user: OptionalUserDep) -> Response:
    if user is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(HOME_BY_ROLE[user.actor.role], status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request, user: OptionalUserDep, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(HOME_BY_ROLE[user.actor.role], status_code=303)
    return render(request, "sign_in.html", {"next": safe_next(next, ""), "email": ""})


@router.post("/sign-in")
def sign_in(
    request: Request,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        signed_in = services.auth.sign_in(
            email,
            password,
            client_address(request),
            SessionKind.WEB,
            device_token=request.cookies.get(DEVICE_COOKIE),
        )
    except (NotAuthenticated, TooManyAttempts) as error:
        status = 429 if isinstance(error, TooManyAttempts) else 401
        response = render(
            request,
            "sign_in.html",
            {"error": error.detail, "email": email, "next": safe_next(next, "")},
            status_code=status,
        )
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    target = safe_next(next, HOME_BY_ROLE[signed_in.actor.role])
    response = RedirectResponse(target, status_code=303)
    # A fresh random session id at every sign-in: no session fixation.
    set_session_cookie(request, response, services, signed_in.token, signed_in.expires_in_seconds)
    set_device_cookie(request, response, services, signed_in)
    return response


@router.post("/sign-out")
def sign_out(request: Request, services: ServicesDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        services.auth.sign_out(token)
    response = RedirectResponse("/sign-in?notice=signed-out", status_code=303)
    clear_session_cookie(response)
    return response
