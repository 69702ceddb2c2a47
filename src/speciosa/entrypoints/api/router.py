"""Assembles the API: the token endpoint is public; every other route needs a bearer token.

Protection is attached to the router, not to each route, so a new route cannot forget it. A
feature adds its route module to `PROTECTED_ROUTES`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from speciosa.entrypoints.api.content_types import require_declared_content_type
from speciosa.entrypoints.api.dependencies import current_actor
from speciosa.entrypoints.api.routes import accounts, alerts, auth, checkins, consents, precautions
from speciosa.entrypoints.api.routes import corrections as correction_routes
from speciosa.entrypoints.api.routes import doses as dose_routes
from speciosa.entrypoints.api.routes import legal_and_evidence as legal_routes
from speciosa.entrypoints.api.routes import medication_import as medication_import_routes
from speciosa.entrypoints.api.routes import pigmentation as pigmentation_routes
from speciosa.entrypoints.api.routes import red_flags as red_flag_routes
from speciosa.entrypoints.api.routes import reports as report_routes
from speciosa.entrypoints.api.routes import security_log as security_routes
from speciosa.entrypoints.api.routes import sources_certificates as certificate_routes
from speciosa.entrypoints.api.routes import sources_products as product_routes
from speciosa.entrypoints.api.routes import sources_review as certificate_review_routes
from speciosa.entrypoints.api.routes import taper_plans as taper_plan_routes
from speciosa.entrypoints.api.schemas import PROBLEM_RESPONSES

PROTECTED_ROUTES = [
    auth.token_router,
    security_routes.router,
    accounts.router,
    consents.router,
    alerts.router,
    checkins.router,
    dose_routes.router,
    precautions.router,
    red_flag_routes.router,
    legal_routes.router,
    certificate_routes.router,
    product_routes.router,
    pigmentation_routes.router,
    report_routes.router,
    certificate_review_routes.router,
    taper_plan_routes.router,
    correction_routes.router,
    medication_import_routes.router,
]


def build_api_router() -> APIRouter:
    api = APIRouter(
        prefix="/api/v1",
        responses=PROBLEM_RESPONSES,
        dependencies=[Depends(require_declared_content_type)],
    )
    api.include_router(auth.router)
    protected = APIRouter(dependencies=[Depends(current_actor)])
    for router in PROTECTED_ROUTES:
        protected.include_router(router)
    api.include_router(protected)
    return api
