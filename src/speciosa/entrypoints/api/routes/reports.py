"""The clinician dashboard, a person's report (summary JSON, PDF, FHIR R4 Bundle) and clinician
notes.

GET /api/v1/dashboard[?page=] (clinicians) -> {"items": [{"person_id", "name", "rank", "reason",
"open_alerts": [...], "last_checkin_at", "sparkline": [{"day", "instrument", "total"}]}], "total",
"page", "pages"}. GET /api/v1/reports/{person_id}[?days=90] -> the report's numbers;
/reports/{person_id}/pdf and /reports/{person_id}/fhir -> the same model as application/pdf and
application/fhir+json. GET /api/v1/notes?person_id= and POST /api/v1/notes {"id", "person_id",
"text"} (a clinician; idempotent on the client's id).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from speciosa.adapters.fhir.record import record_json_chunks
from speciosa.adapters.pdf.report import render_report_pdf
from speciosa.domain.reports.notes import MAX_NOTE_LENGTH, ClinicianNote
from speciosa.domain.reports.period import DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, PersonReport
from speciosa.entrypoints.api.dependencies import ActorDep, ServicesDep
from speciosa.entrypoints.api.schemas import StrictModel

router = APIRouter(tags=["reports"])
Days = Annotated[int, Query(ge=1, le=MAX_REPORT_DAYS, description="Local days, up to today.")]
PersonId = Annotated[str, Query(max_length=64)]


class OpenAlertOut(BaseModel):
    id: str
    kind: str
    label: str
    title: str
    raised_at: datetime


class SparkPoint(BaseModel):
    day: date
    instrument: str
    total: int


class DashboardItem(BaseModel):
    person_id: str
    name: str
    rank: int
    reason: str
    open_alerts: list[OpenAlertOut]
    last_checkin_at: datetime | None
    sparkline: list[SparkPoint]


class DashboardOut(BaseModel):
    items: list[DashboardItem]
    total: int
    page: int
    pages: int


@router.get("/dashboard", response_model=DashboardOut)
def get_dashboard(
    actor: ActorDep,
    services: ServicesDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> DashboardOut:
    """The clinician's persons, most urgent first, each with the reason for its place."""
    loaded = services.dashboard.load(actor, page)
    return DashboardOut(
        items=[
            DashboardItem(
                person_id=row.person.person_id,
                name=row.person.name,
                rank=row.person.rank,
                reason=row.person.reason,
                open_alerts=[
                    OpenAlertOut(
                        id=a.id,
                        kind=a.kind.value,
                        label=a.label,
                        title=a.title,
                        raised_at=a.raised_at,
                    )
                    for a in row.person.alerts
                ],
                last_checkin_at=row.person.last_checkin_at,
                sparkline=[
                    SparkPoint(day=d.day, instrument=d.instrument, total=d.total) for d in row.days
                ],
            )
            for row in loaded.rows
        ],
        total=loaded.total,
        page=loaded.page,
        pages=loaded.pages,
    )


class DailyScore(BaseModel):
    day: date
    total: int
    band: str | None


class TrendOut(BaseModel):
    instrument: str
    title: str
    max_total: int
    summary: str
    days: list[DailyScore]


class CoaOut(BaseModel):
    product: str
    current: bool
    verdict: str
    tested_on: date | None


class ReportOut(BaseModel):
    person_id: str
    name: str
    start: date
    end: date
    checkins: int
    trends: list[TrendOut]
    doses: int | None = Field(description="Doses logged; null when no dose journal is connected.")
    open_alerts: int
    alerts: int
    coas: list[CoaOut]
    skin_darkening: bool
    interactions: list[str]
    notes: int


def report_out(report: PersonReport) -> ReportOut:
    return ReportOut(
        person_id=report.person.id,
        name=report.person.name,
        start=report.period.start,
        end=report.period.end,
        checkins=len(report.checkins),
        trends=[
            TrendOut(
                instrument=t.instrument,
                title=t.title,
                max_total=t.max_total,
                summary=t.described,
                days=[DailyScore(day=d.day, total=d.total, band=d.band) for d in t.days],
            )
            for t in report.trends
        ],
        doses=len(report.dosing.doses) if report.dosing.available else None,
        open_alerts=len(report.open_alerts),
        alerts=len(report.alerts),
        coas=[
            CoaOut(product=c.product, current=c.current, verdict=c.verdict, tested_on=c.tested_on)
            for c in report.coas
        ],
        skin_darkening=any(t.darkening for t in report.skin),
        interactions=[
            f"{i.substance} with {i.with_} ({i.severity.value})" for i in report.interactions
        ],
        notes=len(report.notes),
    )


@router.get("/reports/{person_id}", response_model=ReportOut)
def get_report(
    person_id: str, actor: ActorDep, services: ServicesDep, days: Days = DEFAULT_REPORT_DAYS
) -> ReportOut:
    """The numbers of the person's report (the same model as the PDF and the FHIR Bundle)."""
    return report_out(services.reports.build(actor, person_id, days))


@router.get(
    "/reports/{person_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def get_report_pdf(
    person_id: str, actor: ActorDep, services: ServicesDep, days: Days = DEFAULT_REPORT_DAYS
) -> Response:
    report = services.reports.export(actor, person_id, "pdf", days)
    return Response(
        render_report_pdf(report),
        media_type="application/pdf",
        headers={"Cache-Control": "private, no-store"},
    )


@router.get(
    "/reports/{person_id}/fhir",
    response_class=Response,
    responses={200: {"content": {"application/fhir+json": {"schema": {"type": "object"}}}}},
)
def get_report_fhir(
    person_id: str, actor: ActorDep, services: ServicesDep, days: Days = DEFAULT_REPORT_DAYS
) -> Response:
    """The person's complete record as a FHIR R4 (4.0.1) Bundle: Patient, Questionnaires and
    responses, score Observations, doses and the medicine list (RxNorm), taper CarePlans,
    interactions, red flags and alerts, notes, skin and certificate results, the PDF report,
    and a Provenance for each resource."""
    record = services.clinical_record.export(actor, person_id, days)
    # Built a resource at a time (a year is ~1,500 resources): the models are never all held
    # at once, only the finished text; any error is raised before the answer starts.
    return Response(
        "".join(record_json_chunks(record, indent=False)),
        media_type="application/fhir+json",
        headers={"Cache-Control": "private, no-store"},
    )


class NoteIn(StrictModel):
    id: str = Field(max_length=64, description="A UUID generated by the client (idempotency key).")
    person_id: str = Field(max_length=64)
    text: str = Field(max_length=MAX_NOTE_LENGTH * 2)


class NoteOut(BaseModel):
    id: str
    person_id: str
    author_id: str
    author_name: str
    written_at: datetime
    text: str


class NoteList(BaseModel):
    items: list[NoteOut]


def note_out(note: ClinicianNote) -> NoteOut:
    return NoteOut(
        id=note.id,
        person_id=note.person_id,
        author_id=note.author_id,
        author_name=note.author_name,
        written_at=note.written_at,
        text=note.text,
    )


@router.get("/notes", response_model=NoteList)
def list_notes(actor: ActorDep, services: ServicesDep, person_id: PersonId = "") -> NoteList:
    """Clinician notes on a person's timeline, newest first (the person sees their own)."""
    subject = services.guard.subject_of(actor, person_id or None)
    return NoteList(items=[note_out(n) for n in services.reports.notes(actor, subject)])


@router.post("/notes", response_model=NoteOut, status_code=201, responses={200: {"model": NoteOut}})
def create_note(
    body: NoteIn, actor: ActorDep, services: ServicesDep, response: Response
) -> NoteOut:
    note, created = services.reports.add_note(actor, body.person_id, body.id, body.text)
    if not created:
        response.status_code = 200
    return note_out(note)
