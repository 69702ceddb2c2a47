"""Precautions pages: the person's medicines & conditions, their legal status, the red-flag page,
and the public "What the evidence says" and legal-status reference pages (no sign-in needed)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from speciosa.adapters.fhir.medication_import import parse_bundle, read_medications
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import DomainError, InvalidInput
from speciosa.domain.precautions.evidence import Grade
from speciosa.domain.precautions.legal import FEDERAL_CODE
from speciosa.domain.precautions.red_flags import Triage
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.precautions.medication_import import MedicationImport

router = APIRouter()
PersonUser = Annotated[WebUser, require_role(Role.PERSON)]
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
# The liver-injury facts (LiverTox, with citations) on the public evidence page.
LIVER_FACTS = "/evidence#liver-injury"


def _medications_page(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    *,
    error: str = "",
    name: str = "",
    status_code: int = 200,
    imported: MedicationImport | None = None,
    import_error: str = "",
) -> Response:
    overview = services.precautions.overview(user.actor, user.actor.user_id)
    substances = services.precautions.reference.substances
    return render(
        request,
        "precautions/medications.html",
        {
            "overview": overview,
            "resolved": {
                m.id: services.precautions.resolve_medication(m) for m in overview.medications
            },
            "label": substances.label,
            "conditions": services.precautions.reference.conditions.recordable,
            "error": error,
            "name": name,
            "imported": imported,
            "import_error": import_error,
        },
        status_code=status_code,
    )


@router.get("/me/medications")
def medications(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _medications_page(request, user, services)


@router.post("/me/medications")
def add_medication(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        change = services.precautions.add_medication(user.actor, None, name)
    except DomainError as error:
        return _medications_page(
            request, user, services, error=error.detail, name=name, status_code=422
        )
    notice = "medication-alert" if change.alerts else "medication-added"
    return RedirectResponse(f"/me/medications?notice={notice}#interactions", status_code=303)


@router.post("/me/medications/fhir")
def import_medications(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    bundle: Annotated[UploadFile, File()],
) -> Response:
    """A FHIR Bundle from another system (a patient portal): all medicines added, or none."""
    content = bundle.file.read(services.settings.max_upload_bytes + 1)
    try:
        entries = read_medications(parse_bundle(content))
        result = services.medication_import.import_medications(user.actor, None, entries)
    except InvalidInput as error:
        return _medications_page(
            request, user, services, import_error=error.detail, status_code=422
        )
    return _medications_page(request, user, services, imported=result)


@router.post("/clinic/persons/{person_id}/medications/fhir")
def clinician_import_medications(
    person_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    bundle: Annotated[UploadFile, File()],
) -> Response:
    """A clinician imports a FHIR Bundle onto a consenting person's list (all or none); a
    malformed Bundle is the error page with what is wrong."""
    content = bundle.file.read(services.settings.max_upload_bytes + 1)
    entries = read_medications(parse_bundle(content))
    services.medication_import.import_medications(user.actor, person_id[:64], entries)
    return RedirectResponse(
        f"/clinic/persons/{person_id[:64]}?notice=medications-imported#precautions-h",
        status_code=303,
    )


@router.post("/me/medications/{medication_id}/remove")
def remove_medication(medication_id: str, user: PersonUser, services: ServicesDep) -> Response:
    services.precautions.remove_medication(user.actor, medication_id)
    return RedirectResponse("/me/medications?notice=medication-removed", status_code=303)


@router.post("/me/conditions")
async def set_conditions(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    form = await request.form()
    codes = [str(v) for v in form.getlist("conditions")][:20]
    # A write waits for the database: off the event loop, which serves every other request.
    await run_in_threadpool(services.precautions.set_conditions, user.actor, None, codes)
    return RedirectResponse("/me/medications?notice=conditions-saved#conditions", status_code=303)


@router.get("/me/legal")
def my_legal(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    overview = services.precautions.overview(user.actor, user.actor.user_id)
    return render(
        request,
        "precautions/my_legal.html",
        {
            "finding": overview.legal,
            "jurisdiction": overview.jurisdiction,
            "review_days": services.precautions.reference.legal.review_interval_days,
            "choices": services.precautions.reference.legal.choices,
        },
    )


@router.post("/me/jurisdiction")
def set_jurisdiction(
    request: Request,
    user: PersonUser,
    services: ServicesDep,
    jurisdiction: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        services.precautions.set_jurisdiction(user.actor, None, jurisdiction)
    except DomainError as error:
        overview = services.precautions.overview(user.actor, user.actor.user_id)
        return render(
            request,
            "precautions/my_legal.html",
            {
                "finding": overview.legal,
                "jurisdiction": overview.jurisdiction,
                "review_days": services.precautions.reference.legal.review_interval_days,
                "choices": services.precautions.reference.legal.choices,
                "error": error.detail,
                "typed": jurisdiction,
            },
            status_code=422,
        )
    return RedirectResponse("/me/legal?notice=jurisdiction-saved", status_code=303)


def _red_flags_page(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    *,
    triage: Triage | None = None,
    ticked: tuple[str, ...] = (),
    error: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "precautions/red_flags.html",
        {
            "red_flag_checklist": services.red_flags.checklist,
            "red_flags_ticked": ticked,
            "triage": triage,
            "liver_facts_href": LIVER_FACTS,
            # A fresh id per form: re-sending the same form records one report, not two.
            "report_id": str(uuid.uuid4()),
            "error": error,
            "reports": services.red_flags.reports_for(user.actor, user.actor.user_id, limit=10),
        },
        status_code=status_code,
    )


@router.get("/me/red-flags")
def red_flags(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    return _red_flags_page(request, user, services)


@router.post("/me/red-flags")
async def report_red_flags(request: Request, user: PersonUser, services: ServicesDep) -> Response:
    form = await request.form()
    flags = tuple(str(v) for v in form.getlist("red_flags"))[:20]
    report_id = str(form.get("report_id", "")) or None
    note = str(form.get("note", ""))[:2000]
    # The report writes and the page reads: off the event loop, which serves every other request.
    return await run_in_threadpool(
        _record_red_flags, request, user, services, flags, report_id, note
    )


def _record_red_flags(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    flags: tuple[str, ...],
    report_id: str | None,
    note: str,
) -> Response:
    try:
        outcome = services.red_flags.report(user.actor, None, flags, note=note, client_id=report_id)
    except DomainError as error:
        return _red_flags_page(
            request, user, services, ticked=flags, error=error.detail, status_code=422
        )
    # Shown at once (not after a redirect): the person needs what to do now on this screen.
    return _red_flags_page(
        request, user, services, triage=outcome.triage, ticked=outcome.triage.codes
    )


@router.get("/me/red-flags/{report_id}")
def red_flag_report(
    request: Request, report_id: str, user: PersonUser, services: ServicesDep
) -> Response:
    """The urgent banner for a report already recorded (e.g. ticked on the daily check-in)."""
    # By id, not among the newest reports: an older report's page must open too.
    report, triage = services.red_flags.triage_of(user.actor, report_id[:64])
    return _red_flags_page(request, user, services, triage=triage, ticked=report.flags)


@router.get("/evidence")
def evidence(request: Request, services: ServicesDep) -> Response:
    reference = services.precautions.reference
    return render(
        request,
        "precautions/evidence.html",
        {
            "claims": reference.evidence.claims,
            "grades": list(Grade),
            "liver": reference.conditions.get("liver_disease"),
            "liver_flags": [f for f in reference.checklist.flags if f.liver],
        },
    )


@router.get("/legal")
def legal_reference(request: Request, services: ServicesDep) -> Response:
    reference = services.precautions.reference
    today = services.clock.now().date()
    findings = [
        services.precautions.legal_status(code, today) for code, _ in reference.legal.choices
    ]
    federal = next((f for f in findings if f.entry.jurisdiction == FEDERAL_CODE), None)
    groups = [
        ("Countries", [f for f in findings if "-" not in f.entry.jurisdiction and f != federal]),
        ("United States: states and DC", [f for f in findings if "-" in f.entry.jurisdiction]),
    ]
    return render(
        request,
        "precautions/legal.html",
        {"groups": groups, "federal": federal, "review_days": reference.legal.review_interval_days},
    )
