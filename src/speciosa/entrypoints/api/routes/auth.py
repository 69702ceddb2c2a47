"""POST /api/v1/auth/token — the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from speciosa.domain.sessions import SessionKind
from speciosa.entrypoints.api.dependencies import ServicesDep, client_address

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str
    expires_in: int


@router.post("/auth/token", response_model=Token)
def issue_token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    services: ServicesDep,
) -> Token:
    signed_in = services.auth.sign_in(
        form.username, form.password, client_address(request), SessionKind.API
    )
    return Token(
        access_token=signed_in.token,
        token_type="bearer",  # noqa: S106 - the OAuth2 token type, not a secret
        expires_in=signed_in.expires_in_seconds,
    )
