"""FastAPI dependencies: the services container and the bearer-token actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import NotAuthenticated
from speciosa.domain.foundation.sessions import SessionKind

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_services(request: Request) -> Services:
    # async: no I/O here, so FastAPI runs it on the event loop instead of a worker thread.
    services: Services = request.app.state.services
    return services


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def current_actor(
    request: Request,
    token: Annotated[str | None, Depends(oauth2)],
    services: Annotated[Services, Depends(get_services)],
) -> Actor:
    if not token:
        raise NotAuthenticated(
            "Send an access token (Authorization: Bearer …); get one from POST /api/v1/auth/token."
        )
    resolved = services.auth.resolve(token, SessionKind.API, client_address(request))
    if resolved is None:
        raise NotAuthenticated("The access token is not valid or has expired; get a new one.")
    return resolved[0]


ServicesDep = Annotated[Services, Depends(get_services)]
ActorDep = Annotated[Actor, Depends(current_actor)]
