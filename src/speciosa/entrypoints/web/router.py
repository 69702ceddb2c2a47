"""Assembles the web pages. CSRF is verified router-wide, so no form can forget it.
A feature adds its route module to `PAGE_ROUTES`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from speciosa.entrypoints.web.routes import auth, home, sharing
from speciosa.entrypoints.web.session import verify_csrf

PAGE_ROUTES = [auth.router, home.router, sharing.router]


def build_web_router() -> APIRouter:
    web = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
    for router in PAGE_ROUTES:
        web.include_router(router)
    return web
