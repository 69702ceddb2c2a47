"""Web sign-in state: the session cookie, the signed-in actor, and CSRF protection.

The cookie holds a random secret; the database holds only its hash. Every state-changing form
carries a CSRF token bound to the session (or, before sign-in, a double-submit cookie); the check
is attached to the whole web router so that no form can forget it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import AccessDenied
from speciosa.domain.foundation.sessions import AuthSession, SessionKind
from speciosa.entrypoints.api.dependencies import client_address, get_services
from speciosa.services.foundation.authentication import SignedIn, csrf_matches

SESSION_COOKIE = "speciosa_session"
# Issue 15: proves an earlier sign-in from this browser or app; only the sign-in throttle reads it.
DEVICE_COOKIE = "speciosa_device"
PRE_SESSION_CSRF_COOKIE = "speciosa_csrf"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class SignInRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRejected(Exception):
    pass


@dataclass(frozen=True)
class WebUser:
    actor: Actor
    session: AuthSession


def secure_cookies(request: Request, services: Services) -> bool:
    configured = services.settings.secure_cookies
    return configured if configured is not None else request.url.scheme == "https"


def optional_user(request: Request) -> WebUser | None:
    if hasattr(request.state, "web_user"):
        cached: WebUser | None = request.state.web_user
        return cached
    services: Services = request.app.state.services
    token = request.cookies.get(SESSION_COOKIE, "")
    resolved = (
        services.auth.resolve(token, SessionKind.WEB, client_address(request)) if token else None
    )
    user = WebUser(*resolved) if resolved else None
    request.state.web_user = user
    return user


def require_user(request: Request) -> WebUser:
    user = optional_user(request)
    if user is None:
        raise SignInRequired(request.url.path)
    return user


def require_role(*roles: Role) -> object:
    def dependency(user: Annotated[WebUser, Depends(require_user)]) -> WebUser:
        if user.actor.role not in roles:
            raise AccessDenied("This page is not part of your role's view.")
        return user

    return Depends(dependency)


def csrf_token_for(request: Request) -> str:
    """The token to embed in forms on this page."""
    user = optional_user(request)
    if user is not None:
        return user.session.csrf_token
    token = getattr(request.state, "pre_session_csrf", None) or request.cookies.get(
        PRE_SESSION_CSRF_COOKIE
    )
    if not token:
        token = secrets.token_urlsafe(32)
    request.state.pre_session_csrf = token
    return str(token)


def set_pre_session_cookie(request: Request, response: Response, services: Services) -> None:
    token = getattr(request.state, "pre_session_csrf", None)
    if token and request.cookies.get(PRE_SESSION_CSRF_COOKIE) != token:
        response.set_cookie(
            PRE_SESSION_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request, services),
            path="/",
        )


async def verify_csrf(request: Request) -> None:
    """Router-wide: every unsafe request must carry the right CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    content_type = request.headers.get("content-type", "")
    given: str | None = request.headers.get("x-csrf-token")
    if given is None and (
        content_type.startswith("application/x-www-form-urlencoded")
        or content_type.startswith("multipart/form-data")
    ):
        form = await request.form()  # cached by Starlette; the route reads it again for free
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    # The session may be read from the database: in the thread pool, off the event loop.
    user = await run_in_threadpool(optional_user, request)
    expected = user.session.csrf_token if user else request.cookies.get(PRE_SESSION_CSRF_COOKIE, "")
    if not expected or not csrf_matches(expected, given):
        raise CsrfRejected


def set_session_cookie(
    request: Request, response: Response, services: Services, token: str, max_age: int
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, services),
        path="/",
    )
    response.delete_cookie(PRE_SESSION_CSRF_COOKIE, path="/")


def set_device_cookie(
    request: Request, response: Response, services: Services, signed_in: SignedIn
) -> None:
    if not signed_in.device_token or request.cookies.get(DEVICE_COOKIE) == signed_in.device_token:
        return
    response.set_cookie(
        DEVICE_COOKIE,
        signed_in.device_token,
        max_age=signed_in.device_max_age,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, services),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


ServicesDep = Annotated[Services, Depends(get_services)]
UserDep = Annotated[WebUser, Depends(require_user)]
OptionalUserDep = Annotated[WebUser | None, Depends(optional_user)]
