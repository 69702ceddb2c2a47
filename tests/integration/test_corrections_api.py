"""Issue 12 item 3, the corrections API on SQLite and PostgreSQL: PATCH /api/v1/doses/{id},
POST /api/v1/doses/{id}/entered-in-error and the same for check-ins. The original stays (the
history lists it with its status), the day's total and the alerts follow the current records,
a retry is safe, and only the person (or the clinician who recorded it) may correct."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from tests.conftest import NOW, api_token, make_user
from tests.support.database import unit_of_work
from tests.support.instruments import COWS_ANSWERS, sows


@pytest.fixture
def people(services: Services, client: TestClient) -> dict[str, Any]:
    person = make_user(services, Role.PERSON, "Cora Correct")
    other = make_user(services, Role.PERSON, "Other Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Fix")
    person_actor = Actor(person.id, person.role, person.name)
    services.consent.grant(person_actor, clinician.id)
    return {
        "person": person,
        "actor": person_actor,
        "clinician": clinician,
        "person_h": api_token(client, person),
        "other_h": api_token(client, other),
        "clinician_h": api_token(client, clinician),
    }


def log(client: TestClient, headers: dict[str, str], grams: float) -> dict[str, Any]:
    body = {"id": str(uuid.uuid4()), "kind": "kratom", "amount": grams}
    stored = client.post("/api/v1/doses", json=body, headers=headers)
    assert stored.status_code == 201, stored.text
    return dict(stored.json())


def today_grams(services: Services, people: dict[str, Any]) -> Decimal:
    day, _ = services.doses.today_summary(people["actor"], people["person"].id)
    return day.kratom_grams if day else Decimal(0)


def test_a_duplicate_dose_in_error_and_a_corrected_dose_change_the_days_total(
    services: Services, client: TestClient, people: dict[str, Any]
) -> None:
    h = people["person_h"]
    first = log(client, h, 3)
    double = log(client, h, 3)  # the double "same as last time" from the issue
    assert today_grams(services, people) == Decimal(6)

    marked = client.post(
        f"/api/v1/doses/{double['id']}/entered-in-error", json={"reason": "double tap"}, headers=h
    )
    assert marked.status_code == 200, marked.text
    assert (marked.json()["status"], marked.json()["status_reason"]) == (
        "entered_in_error",
        "double tap",
    )
    again = client.post(f"/api/v1/doses/{double['id']}/entered-in-error", headers=h)
    assert again.status_code == 200  # a retry changes nothing
    assert today_grams(services, people) == Decimal(3)

    patch = {"id": str(uuid.uuid4()), "amount": 4.5, "reason": "I weighed it again"}
    corrected = client.patch(f"/api/v1/doses/{first['id']}", json=patch, headers=h)
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["corrected"]["grams"] == 4.5
    assert body["corrected"]["supersedes"] == first["id"]
    assert body["corrected"]["taken_at"] == first["taken_at"]  # unchanged fields kept
    assert body["original"]["status"] == "corrected"
    assert body["original"]["superseded_by"] == patch["id"]
    assert body["original"]["grams"] == 3  # the original is kept as it was
    assert today_grams(services, people) == Decimal("4.5")
    retry = client.patch(f"/api/v1/doses/{first['id']}", json=patch, headers=h)
    assert retry.status_code == 200
    assert retry.json()["corrected"] == body["corrected"]

    stale = client.patch(
        f"/api/v1/doses/{first['id']}", json={"id": str(uuid.uuid4()), "amount": 5}, headers=h
    )
    assert stale.status_code == 409
    assert patch["id"] in stale.json()["detail"]
    history = client.get("/api/v1/doses", headers=h).json()["items"]
    assert sorted(d["status"] for d in history) == ["corrected", "current", "entered_in_error"]
    with unit_of_work(services, read_only=True) as uow:
        trail = [e.detail for e in uow.audit.for_person(people["person"].id, limit=50)]
    assert any(d.startswith(f"corrected by {patch['id']}: 3 g -> 4.5 g") for d in trail)
    assert any(d == "entered in error; reason: double tap" for d in trail)


def test_bad_corrections_are_refused_and_change_nothing(
    services: Services, client: TestClient, people: dict[str, Any]
) -> None:
    dose = log(client, people["person_h"], 2)
    bad = client.patch(
        f"/api/v1/doses/{dose['id']}", json={"amount": 0}, headers=people["person_h"]
    )
    assert bad.status_code == 422
    assert "amount" in bad.text
    assert today_grams(services, people) == Decimal(2)
    assert (
        client.get(f"/api/v1/doses/{dose['id']}", headers=people["person_h"]).json()["status"]
        == "current"
    )
    hidden = client.patch(
        f"/api/v1/doses/{dose['id']}", json={"amount": 1}, headers=people["other_h"]
    )
    assert hidden.status_code == 404
    not_theirs = client.post(
        f"/api/v1/doses/{dose['id']}/entered-in-error", headers=people["clinician_h"]
    )
    assert not_theirs.status_code == 403  # a clinician corrects only what they recorded
    assert "ask the person" in not_theirs.json()["detail"]


def test_a_checkin_in_error_closes_its_alert_and_a_correction_rescores(
    services: Services, client: TestClient, people: dict[str, Any]
) -> None:
    h = people["person_h"]
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(40)}
    assert client.post("/api/v1/checkins", json=body, headers=h).status_code == 201
    open_alerts = services.alerts.for_person(people["actor"], people["person"].id, open_only=True)
    assert [a.kind for a in open_alerts] == [AlertKind.WITHDRAWAL_SEVERE]

    patch = {"id": str(uuid.uuid4()), "answers": sows(4), "reason": "tapped the wrong row"}
    corrected = client.patch(f"/api/v1/checkins/{body['id']}", json=patch, headers=h)
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["corrected"]["total"] == 4
    assert corrected.json()["original"]["total"] == 40
    assert corrected.json()["original"]["status"] == "corrected"
    assert services.alerts.for_person(people["actor"], people["person"].id, open_only=True) == []
    closed = services.alerts.for_person(people["actor"], people["person"].id)[0]
    assert "was corrected by Cora Correct" in closed.acknowledgement_note

    marked = client.post(f"/api/v1/checkins/{patch['id']}/entered-in-error", headers=h)
    assert marked.status_code == 200
    assert marked.json()["status"] == "entered_in_error"
    with unit_of_work(services, read_only=True) as uow:
        scored = uow.checkins.scored_between(
            people["person"].id, NOW.replace(year=2000), NOW.replace(year=2100)
        )
    assert scored == []  # charts, alerts and holds see neither version
    listed = client.get("/api/v1/checkins", headers=h).json()["items"]
    assert sorted(c["status"] for c in listed) == ["corrected", "entered_in_error"]


def test_a_clinician_corrects_the_cows_they_rated_and_the_person_cannot(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "instrument": "cows",
        "answers": COWS_ANSWERS,
        "person_id": people["person"].id,
    }
    created = client.post("/api/v1/checkins", json=body, headers=people["clinician_h"])
    assert created.status_code == 201, created.text
    refused = client.post(
        f"/api/v1/checkins/{body['id']}/entered-in-error", headers=people["person_h"]
    )
    assert refused.status_code == 403
    fixed = client.patch(
        f"/api/v1/checkins/{body['id']}",
        json={"note": "pulse re-measured after resting"},
        headers=people["clinician_h"],
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["corrected"]["total"] == created.json()["total"]
    assert fixed.json()["corrected"]["note"] == "pulse re-measured after resting"


def test_the_fhir_export_marks_records_entered_in_error(
    client: TestClient, people: dict[str, Any]
) -> None:
    h = people["person_h"]
    kept, wrong = log(client, h, 2), log(client, h, 9)
    checkin = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(5)}
    assert client.post("/api/v1/checkins", json=checkin, headers=h).status_code == 201
    client.post(f"/api/v1/doses/{wrong['id']}/entered-in-error", headers=h)
    client.post(f"/api/v1/checkins/{checkin['id']}/entered-in-error", headers=h)
    bundle = client.get(
        f"/api/v1/reports/{people['person'].id}/fhir", headers=people["clinician_h"]
    )
    assert bundle.status_code == 200, bundle.text
    resources = [e["resource"] for e in bundle.json()["entry"]]
    statements = {
        r["dosage"][0]["text"]: r["status"]
        for r in resources
        if r["resourceType"] == "MedicationStatement"
    }
    assert statements == {"2 g": "completed", "9 g": "entered-in-error"}
    observations = [r["status"] for r in resources if r["resourceType"] == "Observation"]
    assert observations == ["entered-in-error"]
    assert kept["id"]
