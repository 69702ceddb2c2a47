"""Account pages (issue 15): change your password, reset it with an admin's code, and the
admin's reset codes and security log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import DomainError, InvalidInput, TooManyAttempts
from speciosa.entrypoints.api.dependencies import client_address
from speciosa.entrypoints.web.session import (
    SESSION_COOKIE,
    OptionalUserDep,
    ServicesDep,
    UserDep,
    WebUser,
    require_role,
)
from speciosa.entrypoints.web.templating import render

router = APIRouter()
AdminUser = Annotated[WebUser, require_role(Role.ADMIN)]
SECURITY_PAGE = 100


@router.get("/account/password")
def password_page(request: Request, user: UserDep) -> Response:
    return render(request, "account/password.html", {})


@router.post("/account/password")
def change_password(
    request: Request,
    user: UserDep,
    services: ServicesDep,
    current_password: Annotated[str, Form(max_length=256)],
    new_password: Annotated[str, Form(max_length=256)],
    confirm_password: Annotated[str, Form(max_length=256)],
) -> Response:
    try:
        if new_password != confirm_password:
            raise InvalidInput("The two new passwords differ; type it twice the same.", field="new")
        services.accounts.change_password(
            user.actor,
            current_password,
            new_password,
            keep_token=request.cookies.get(SESSION_COOKIE),
        )
    except DomainError as error:
        response = render(
            request,
            "account/password.html",
            {"error": error.detail, "field": error.field},
            status_code=429 if isinstance(error, TooManyAttempts) else 422,
        )
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    return RedirectResponse("/account/password?notice=password-changed", status_code=303)


@router.get("/reset-password")
def reset_page(request: Request, user: OptionalUserDep) -> Response:
    return render(request, "account/reset.html", {"email": ""})


@router.post("/reset-password")
def reset_password(
    request: Request,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=254)],
    code: Annotated[str, Form(max_length=64)],
    new_password: Annotated[str, Form(max_length=256)],
    confirm_password: Annotated[str, Form(max_length=256)],
) -> Response:
    try:
        if new_password != confirm_password:
            raise InvalidInput("The two new passwords differ; type it twice the same.", field="new")
        services.password_reset.reset(email, code, new_password, client_address(request))
    except DomainError as error:
        status = 429 if isinstance(error, TooManyAttempts) else 422
        response = render(
            request,
            "account/reset.html",
            {"error": error.detail, "email": email},
            status_code=status,
        )
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    return RedirectResponse("/sign-in?notice=password-reset", status_code=303)


@router.post("/admin/users/{user_id}/reset-code")
def admin_reset_code(
    request: Request, user_id: str, user: AdminUser, services: ServicesDep
) -> Response:
    issued = services.password_reset.issue(user.actor, user_id)
    account = services.accounts.get(user_id)
    return render(
        request,
        "account/reset_code.html",
        {"account": account, "code": issued.code, "expires_at": issued.expires_at},
    )


def _named(target: str, names: dict[str, str]) -> str:
    """ "person 1b2c…" as "person Pat Person (person) · 1b2c…" when the account exists."""
    kind, _, identifier = target.partition(" ")
    name = names.get(identifier)
    return f"{kind} {name} · {identifier[:8]}…" if name else target


@router.get("/admin/security")
def security_log(
    request: Request, user: AdminUser, services: ServicesDep, before: int | None = None
) -> Response:
    if before is not None and not 1 <= before <= 2**62:
        raise InvalidInput("'before' must be an event number.", field="before")
    events = services.security_log.recent(user.actor, SECURITY_PAGE, before)
    names = {u.id: f"{u.name} ({u.role.value})" for u in services.accounts.list_users(user.actor)}
    targets = {e.target: _named(e.target, names) for e in events}
    more = len(events) == SECURITY_PAGE and events[-1].id is not None
    return render(
        request,
        "account/security_log.html",
        {
            "events": events,
            "names": names,
            "targets": targets,
            "next": events[-1].id if more else None,
            "roles": [r.value for r in Role],
        },
    )
