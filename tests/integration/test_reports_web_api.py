"""The dashboard, timeline, notes and report downloads through the web pages and the API, on
SQLite and PostgreSQL: sorted by risk with reasons, a fixed number of queries for any caseload,
acknowledgement with a note, and nothing at all for a clinician without consent."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pdfplumber
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, api_token, csrf_from, make_user, web_sign_in
from tests.support.database import unit_of_work
from tests.support.report_world import (
    NOTE_TEXT,
    OTHER_NAME,
    PERSON_NAME,
    ReportWorld,
    build_report_world,
    sows_answers,
)


@pytest.fixture
def world(services: Services, clock: FixedClock) -> ReportWorld:
    return build_report_world(services, clock)


def raise_alert(services: Services, person_id: str, kind: AlertKind, title: str) -> str:
    with unit_of_work(services) as uow:
        (alert,) = services.alerts.raise_drafts(
            uow,
            [
                AlertDraft(
                    person_id=person_id,
                    kind=kind,
                    title=title,
                    explanation="Seeded for the dashboard tests.",
                    dedupe_key=f"dash:{uuid.uuid4()}",
                )
            ],
        )
        uow.commit()
    return alert.id


@contextmanager
def counted_queries(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    # Every engine's statements: the app's engine is not handed out, and inside this block only
    # the app talks to the database.
    sa.event.listen(sa.Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", count)


def test_dashboard_sorts_by_risk_and_says_why(world: ReportWorld, client: TestClient) -> None:
    services = world.services
    raise_alert(services, world.other.id, AlertKind.RED_FLAG, "Red flag reported: chest pain")
    web_sign_in(client, world.clinician)
    page = client.get("/clinic")
    assert page.status_code == 200
    html = page.text
    assert html.index(OTHER_NAME) < html.index(PERSON_NAME)  # red flag before withdrawal
    assert "Red flag: Red flag reported: chest pain" in html
    # SOWS 22 on the first day raised a severe-withdrawal alert, which outranks the interaction.
    assert "Severe withdrawal: SOWS 22" in html
    assert "more open alert" in html
    assert html.count('class="sparkline"') == 2
    assert "SOWS 22, 18, 15, 12, 9, 7, 5" in html  # the sparkline's accessible label
    api = client.get("/api/v1/dashboard", headers=api_token(client, world.clinician)).json()
    assert [i["name"] for i in api["items"]] == [OTHER_NAME, PERSON_NAME]
    assert api["items"][0]["rank"] == 0
    assert api["items"][1]["reason"].startswith("Severe withdrawal: SOWS 22")
    kinds = {a["kind"] for a in api["items"][1]["open_alerts"]}
    assert {"withdrawal_severe", "interaction"} <= kinds
    assert len(api["items"][1]["sparkline"]) == 8  # seven SOWS days and the COWS day


def test_dashboard_reads_a_fixed_number_of_queries_whatever_the_caseload(
    world: ReportWorld,
) -> None:
    services = world.services
    clinician = world.actor(world.clinician)
    services.dashboard.load(clinician)  # settle any missed-check-in alerts first
    with counted_queries(services) as small:
        services.dashboard.load(clinician)
    for number in range(8):
        person = make_user(services, Role.PERSON, f"Extra Person {number}")
        actor = world.actor(person)
        services.consent.grant(actor, world.clinician.id)
        services.checkins.record(
            actor,
            NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows_answers(9, services)),
        )
        raise_alert(services, person.id, AlertKind.DARKENING, f"Darkening {number}")
    with counted_queries(services) as large:
        loaded = services.dashboard.load(clinician)
    assert loaded.total == 10
    reads = [s for s in large if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == len([s for s in small if s.lstrip().upper().startswith("SELECT")])
    assert len(reads) <= 4


def test_an_alert_is_acknowledged_from_the_dashboard_with_a_note(
    world: ReportWorld, client: TestClient
) -> None:
    alert_id = raise_alert(
        world.services, world.person.id, AlertKind.RED_FLAG, "Red flag reported: fainting"
    )
    csrf = web_sign_in(client, world.clinician)
    html = client.get("/clinic").text
    # Each open alert is a box to tick for the one-note acknowledgement (issue 16).
    assert f'name="alert_id" value="{alert_id}" form="bulk-ack"' in html
    answer = client.post(
        f"/clinic/alerts/{alert_id}/acknowledge",
        data={"csrf_token": csrf, "note": "Called; comfort care reviewed.", "back": "/clinic"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/clinic?notice=acknowledged"
    with unit_of_work(world.services, read_only=True) as uow:
        alert = uow.alerts.get(alert_id)
        audit = uow.audit.for_person(world.person.id, 20)
    assert alert is not None
    assert alert.acknowledgement_note == "Called; comfort care reviewed."
    assert any(e.resource == "alert" and e.resource_id == alert_id for e in audit)
    assert "Alert acknowledged." in client.get("/clinic?notice=acknowledged").text


def test_timeline_shows_the_records_and_saves_a_note(
    world: ReportWorld, client: TestClient
) -> None:
    csrf = web_sign_in(client, world.clinician)
    path = f"/clinic/persons/{world.person.id}/timeline"
    html = client.get(path).text
    for lane in ("Check-ins", "Doses", "Alerts", "Notes"):
        assert lane in html
    assert NOTE_TEXT in html
    assert "SOWS 22/64" in html
    note_id = csrf_from(html) and html.split('name="id" value="')[1].split('"')[0]
    saved = client.post(
        f"/clinic/persons/{world.person.id}/notes",
        data={"csrf_token": csrf, "id": note_id, "text": "Plan reviewed with the person."},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert "Note saved on the timeline." in saved.text
    assert "Plan reviewed with the person." in saved.text
    empty = client.post(
        f"/clinic/persons/{world.person.id}/notes",
        data={"csrf_token": csrf, "id": str(uuid.uuid4()), "text": "   "},
    )
    assert empty.status_code == 422
    assert "Write something in the note" in empty.text


def test_report_page_pdf_and_fhir_for_the_consented_clinician(
    world: ReportWorld, client: TestClient
) -> None:
    web_sign_in(client, world.clinician)
    base = f"/clinic/persons/{world.person.id}"
    page = client.get(f"{base}/report?days=30")
    assert page.status_code == 200
    assert "Download PDF" in page.text
    pdf = client.get(f"{base}/report.pdf?days=30")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = " ".join((p.extract_text() or "") for p in document.pages)
    assert PERSON_NAME in text
    fhir = client.get(f"{base}/report.fhir.json")
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert fhir.json()["resourceType"] == "Bundle"
    headers = api_token(client, world.clinician)
    summary = client.get(f"/api/v1/reports/{world.person.id}?days=30", headers=headers).json()
    assert summary["checkins"] == 8
    sows = next(t for t in summary["trends"] if t["instrument"] == "sows")
    assert [d["total"] for d in sows["days"]] == [22, 18, 15, 12, 9, 7, 5]
    api_pdf = client.get(f"/api/v1/reports/{world.person.id}/pdf", headers=headers)
    assert api_pdf.content.startswith(b"%PDF")
    bundle = client.get(f"/api/v1/reports/{world.person.id}/fhir", headers=headers)
    assert bundle.json()["type"] == "collection"
    own = client.get(f"/api/v1/reports/{world.person.id}", headers=api_token(client, world.person))
    assert own.status_code == 200


def test_a_clinician_without_consent_gets_nothing(world: ReportWorld, client: TestClient) -> None:
    csrf = web_sign_in(client, world.stranger)
    base = f"/clinic/persons/{world.person.id}"
    for path in ("/timeline", "/report", "/report.pdf", "/report.fhir.json"):
        assert client.get(base + path).status_code == 404, path
    posted = client.post(
        f"{base}/notes", data={"csrf_token": csrf, "id": str(uuid.uuid4()), "text": "x"}
    )
    assert posted.status_code == 404
    assert PERSON_NAME not in client.get("/clinic").text
    headers = api_token(client, world.stranger)
    for path in ("", "/pdf", "/fhir"):
        answer = client.get(f"/api/v1/reports/{world.person.id}{path}", headers=headers)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/problem+json"
    assert (
        client.get(f"/api/v1/notes?person_id={world.person.id}", headers=headers).status_code == 404
    )
    note = {"id": str(uuid.uuid4()), "person_id": world.person.id, "text": "x"}
    assert client.post("/api/v1/notes", json=note, headers=headers).status_code == 404
    assert client.get("/api/v1/dashboard", headers=headers).json()["items"] == []


def test_notes_through_the_api_are_idempotent(
    world: ReportWorld, client: TestClient, clock: FixedClock
) -> None:
    clock.set(NOW + timedelta(minutes=5))
    headers = api_token(client, world.clinician)
    note = {"id": str(uuid.uuid4()), "person_id": world.person.id, "text": "Follow up Friday."}
    first = client.post("/api/v1/notes", json=note, headers=headers)
    again = client.post("/api/v1/notes", json=note, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    changed = client.post("/api/v1/notes", json=note | {"text": "Other"}, headers=headers)
    assert changed.status_code == 409
    listed = client.get(f"/api/v1/notes?person_id={world.person.id}", headers=headers).json()
    assert [n["text"] for n in listed["items"]] == ["Follow up Friday.", NOTE_TEXT]
    person = api_token(client, world.person)
    assert client.post("/api/v1/notes", json=note, headers=person).status_code == 403
    assert len(client.get("/api/v1/notes", headers=person).json()["items"]) == 2
