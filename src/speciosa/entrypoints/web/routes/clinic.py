"""The clinician's pages from issue 8: the dashboard (persons sorted by risk, with the reason and a
14-day sparkline), a person's timeline with notes, and the person's report as a web page, a PDF
and a FHIR R4 Bundle — all three rendered from the one report model.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from speciosa.adapters.charts.report import render_report_charts
from speciosa.adapters.charts.sparkline import render_sparkline
from speciosa.adapters.fhir.record import record_json_chunks
from speciosa.adapters.pdf.report import render_report_pdf, report_grids
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.alerts import SEVERITY_LABELS, Severity
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.reports.clinical_record import ClinicalRecord
from speciosa.domain.reports.dashboard import NOTHING_OPEN_RANK, CaseloadFilter
from speciosa.domain.reports.period import DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, PersonReport
from speciosa.domain.reports.progress import progress_rows
from speciosa.domain.reports.timeline import LANE_LABELS, days_of, timeline_events
from speciosa.entrypoints.web.form_fields import FormDep, first
from speciosa.entrypoints.web.session import ServicesDep, WebUser, require_role
from speciosa.entrypoints.web.templating import render
from speciosa.services.reports.dashboard import Dashboard

router = APIRouter()
ClinicianUser = Annotated[WebUser, require_role(Role.CLINICIAN)]
Days = Annotated[int, Query(ge=1, le=MAX_REPORT_DAYS)]
TIMELINE_DAYS = 30
MAX_ACK_NOTE = 2000
RANK_NAMES = {
    0: "Red flag",
    1: "Withdrawal",
    2: "Taper",
    3: "Interaction",
    4: "Lab certificate",
    5: "Skin",
    6: "Missed check-ins",
    NOTHING_OPEN_RANK: "Nothing open",
}


def _markup(svg: str) -> Markup:
    return Markup(svg)  # noqa: S704 - built by our chart adapters, every text escaped


def dashboard_view(services: Services, dashboard: Dashboard) -> list[dict[str, Any]]:
    names = ("sows", "cows", "oows")
    instruments = [services.checkins.instruments.get(n) for n in names]
    maxima = {i.name: i.max_total for i in instruments}
    bands = {i.name: i.bands for i in instruments}
    return [
        {
            "person": row.person,
            "rank_name": RANK_NAMES.get(row.person.rank, ""),
            "sparkline": _markup(render_sparkline(row.days, row.start, row.end, maxima, bands)),
            "tz": row.tz,
            "note": row.latest_note,
            "counts": [(SEVERITY_LABELS[s], s.value, n) for s, n in row.person.counts.items()],
        }
        for row in dashboard.rows
    ]


def caseload_filter(q: str, severity: str, open_only: str) -> CaseloadFilter:
    try:
        chosen = Severity(severity) if severity else None
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise InvalidInput(
            f"Severity must be one of {allowed}, or blank for all.", field="severity"
        ) from None
    return CaseloadFilter(" ".join(q.split()), chosen, open_only == "1")


@router.get("/clinic")
def dashboard(
    request: Request,
    user: ClinicianUser,
    services: ServicesDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    q: Annotated[str, Query(max_length=120)] = "",
    severity: Annotated[str, Query(max_length=16)] = "",
    open: Annotated[str, Query(max_length=1)] = "",
) -> Response:
    wanted = caseload_filter(q, severity, open)
    loaded = services.dashboard.load(user.actor, page, wanted)
    query = urlencode(
        {k: v for k, v in (("q", wanted.name), ("severity", severity), ("open", open)) if v}
    )
    return render(
        request,
        "clinic/dashboard.html",
        {
            "dashboard": loaded,
            "rows": dashboard_view(services, loaded),
            "severities": [(s.value, SEVERITY_LABELS[s]) for s in Severity],
            "query": query,
            "back": "/clinic" + (f"?{query}" if query else ""),
        },
    )


@router.post("/clinic/alerts/acknowledge")
def acknowledge_several(
    user: ClinicianUser,
    services: ServicesDep,
    fields: FormDep,
) -> Response:
    """Several alerts ticked on the dashboard, acknowledged with one note."""
    note = first(fields, "note")
    if len(note) > MAX_ACK_NOTE:
        raise InvalidInput(f"The note must be at most {MAX_ACK_NOTE} characters.", field="note")
    done = services.alerts.acknowledge_many(user.actor, fields.get("alert_id", []), note)
    back = first(fields, "back")
    target = back if back.startswith("/clinic") and "//" not in back else "/clinic"
    joiner = "&" if "?" in target else "?"
    notice = "acknowledged" if done == 1 else "alerts-acknowledged"
    return RedirectResponse(f"{target}{joiner}notice={notice}", status_code=303)


def _report_context(report: PersonReport, *, tooltips: bool = True) -> dict[str, Any]:
    charts = render_report_charts(report, width=640, tooltips=tooltips)
    return {
        "r": report,
        "withdrawal_charts": [(name, _markup(svg)) for name, svg in charts.withdrawal],
        "skin_charts": [_markup(svg) for svg in charts.skin],
        "timeline_chart": _markup(charts.timeline),
        "grids": report_grids(report),
        "progress": progress_rows(report),
    }


@router.get("/clinic/persons/{person_id}/timeline")
def timeline(
    request: Request,
    person_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    days: Days = TIMELINE_DAYS,
) -> Response:
    return _timeline_page(request, services, user, person_id, days)


def _timeline_page(
    request: Request,
    services: Services,
    user: WebUser,
    person_id: str,
    days: int,
    *,
    error: str = "",
    text: str = "",
    status_code: int = 200,
) -> Response:
    report = services.reports.build(user.actor, person_id, days)
    events = timeline_events(report)
    context = _report_context(report) | {
        "days_list": days_of(events, report.tz),
        "lane_labels": LANE_LABELS,
        "days": days,
        "note_id": str(uuid.uuid4()),
        "note_text": text,
        "error": error,
    }
    return render(request, "clinic/timeline.html", context, status_code=status_code)


@router.post("/clinic/persons/{person_id}/notes")
def add_note(
    request: Request,
    person_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    id: Annotated[str, Form(max_length=64)],
    text: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    try:
        services.reports.add_note(user.actor, person_id, id, text)
    except InvalidInput as error:
        return _timeline_page(
            request,
            services,
            user,
            person_id,
            TIMELINE_DAYS,
            error=error.detail,
            text=text,
            status_code=422,
        )
    return RedirectResponse(
        f"/clinic/persons/{person_id}/timeline?notice=note-saved#notes", status_code=303
    )


@router.get("/clinic/persons/{person_id}/report")
def report_page(
    request: Request,
    person_id: str,
    user: ClinicianUser,
    services: ServicesDep,
    days: Days = DEFAULT_REPORT_DAYS,
) -> Response:
    report = services.reports.build(user.actor, person_id, days)
    return render(request, "clinic/report.html", _report_context(report) | {"days": days})


def download_name(report: PersonReport, suffix: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in report.person.name.lower()).strip("-")
    return f"speciosa-{slug or 'person'}-{report.period.start}-{report.period.end}.{suffix}"


def pdf_response(report: PersonReport) -> Response:
    return Response(
        render_report_pdf(report),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{download_name(report, "pdf")}"',
            "Cache-Control": "private, no-store",
        },
    )


def fhir_response(record: ClinicalRecord) -> Response:
    report = record.report
    # Built a resource at a time (a year is ~1,500 resources): the models are never all held
    # at once, only the finished text; any error is raised before the download starts.
    return Response(
        "".join(record_json_chunks(record)),
        media_type="application/fhir+json",
        headers={
            "Content-Disposition": f'attachment; filename="{download_name(report, "fhir.json")}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/clinic/persons/{person_id}/report.pdf")
def report_pdf(
    person_id: str, user: ClinicianUser, services: ServicesDep, days: Days = DEFAULT_REPORT_DAYS
) -> Response:
    return pdf_response(services.reports.export(user.actor, person_id, "pdf", days))


@router.get("/clinic/persons/{person_id}/report.fhir.json")
def report_fhir(
    person_id: str, user: ClinicianUser, services: ServicesDep, days: Days = DEFAULT_REPORT_DAYS
) -> Response:
    return fhir_response(services.clinical_record.export(user.actor, person_id, days))
