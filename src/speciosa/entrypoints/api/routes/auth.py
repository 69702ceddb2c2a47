"""POST /api/v1/auth/token — the OAuth2 password flow (public); DELETE revokes the token in use
and POST /auth/password changes the password (both need the bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from speciosa.domain.foundation.sessions import SessionKind
from speciosa.entrypoints.api.dependencies import (
    ActorDep,
    ServicesDep,
    client_address,
    oauth2,
)
from speciosa.entrypoints.web.session import DEVICE_COOKIE, set_device_cookie

router = APIRouter(tags=["auth"])
# Routes that need the bearer token: included under the protected router (router.py).
token_router = APIRouter(tags=["auth"])
BearerDep = Annotated[str | None, Depends(oauth2)]


class Token(BaseModel):
    access_token: str
    token_type: str
    expires_in: int


@router.post("/auth/token", response_model=Token)
def issue_token(
    request: Request,
    response: Response,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    services: ServicesDep,
) -> Token:
    """Too many failures from one place answer 429 with Retry-After (see README, "Sign-in
    throttling"); an app that keeps the `speciosa_device` cookie is not held up by others'
    failures from the same network address."""
    signed_in = services.auth.sign_in(
        form.username,
        form.password,
        client_address(request),
        SessionKind.API,
        device_token=request.cookies.get(DEVICE_COOKIE),
    )
    set_device_cookie(request, response, services, signed_in)
    return Token(
        access_token=signed_in.token,
        token_type="bearer",  # noqa: S106 - the OAuth2 token type, not a secret
        expires_in=signed_in.expires_in_seconds,
    )


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class PasswordChanged(BaseModel):
    other_sessions_ended: int


@token_router.delete("/auth/token", status_code=204)
def revoke_token(actor: ActorDep, token: BearerDep, services: ServicesDep) -> Response:
    """Revoke the bearer token this request carries (sign out of this app)."""
    services.auth.sign_out(token or "")
    return Response(status_code=204)


@token_router.post("/auth/password", response_model=PasswordChanged)
def change_password(
    body: PasswordChange, actor: ActorDep, token: BearerDep, services: ServicesDep
) -> PasswordChanged:
    """Needs the current password; every other session and token of the account is ended (this
    token stays). A weak new password is refused (422) with advice."""
    ended = services.accounts.change_password(
        actor, body.current_password, body.new_password, keep_token=token
    )
    return PasswordChanged(other_sessions_ended=ended)
