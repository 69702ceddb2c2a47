"""Assembles the web pages. CSRF is verified router-wide, so no form can forget it.
A feature adds its route module to `PAGE_ROUTES`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from speciosa.entrypoints.web.checkin_form import CHECKIN_FORM_EXTENSIONS
from speciosa.entrypoints.web.checkin_red_flags import RED_FLAG_CHECKLIST
from speciosa.entrypoints.web.routes import (
    account,
    auth,
    home,
    installable_app,
    person_data,
    precautions,
    sharing,
    withdrawal,
    withdrawal_checkins,
)
from speciosa.entrypoints.web.routes import clinic as clinic_pages
from speciosa.entrypoints.web.routes import clinician_dosing as clinician_dosing_pages
from speciosa.entrypoints.web.routes import corrections as correction_pages
from speciosa.entrypoints.web.routes import dosing as dosing_pages
from speciosa.entrypoints.web.routes import pigmentation as skin_pages
from speciosa.entrypoints.web.routes import sources as source_pages
from speciosa.entrypoints.web.routes import sources_review as certificate_review_pages
from speciosa.entrypoints.web.session import verify_csrf
from speciosa.entrypoints.web.wellbeing import WELLBEING_QUESTIONS

PAGE_ROUTES = [
    auth.router,
    account.router,
    home.router,
    clinic_pages.router,
    sharing.router,
    precautions.router,
    withdrawal_checkins.router,
    withdrawal.router,
    source_pages.router,
    skin_pages.router,
    dosing_pages.router,
    clinician_dosing_pages.router,
    certificate_review_pages.router,
    installable_app.router,
    person_data.router,
    correction_pages.router,
]


def build_web_router() -> APIRouter:
    web = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
    if WELLBEING_QUESTIONS not in CHECKIN_FORM_EXTENSIONS:
        CHECKIN_FORM_EXTENSIONS.insert(0, WELLBEING_QUESTIONS)
    if RED_FLAG_CHECKLIST not in CHECKIN_FORM_EXTENSIONS:
        CHECKIN_FORM_EXTENSIONS.append(RED_FLAG_CHECKLIST)
    for router in PAGE_ROUTES:
        web.include_router(router)
    return web
