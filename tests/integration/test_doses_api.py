"""The dose API contract (issue 4) on SQLite and PostgreSQL: record, idempotent retry (200, the
same record), 409 on a changed body, 422 naming the field, cursor pagination (garbage cursors are
422, never 500), alkaloid mg from a passing certificate, and who may see what."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.services.demo.sources import DemoBatch, certificate_json
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase
from tests.conftest import NOW, api_token, make_user


@pytest.fixture
def people(services: Services, client: TestClient) -> dict[str, Any]:
    person = make_user(services, Role.PERSON, "Dana Dose")
    other = make_user(services, Role.PERSON, "Other Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Dose")
    services.consent.grant(Actor(person.id, person.role, person.name), clinician.id)
    return {
        "person": person,
        "other": other,
        "clinician": clinician,
        "person_h": api_token(client, person),
        "other_h": api_token(client, other),
        "clinician_h": api_token(client, clinician),
    }


def dose(**changes: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": "kratom", "amount": 2.5} | changes


def test_a_person_logs_a_dose_and_a_retry_returns_the_same_record(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = dose(note="after breakfast")
    first = client.post("/api/v1/doses", json=body, headers=people["person_h"])
    assert first.status_code == 201, first.text
    stored = first.json()
    assert (stored["grams"], stored["unit"], stored["kind"]) == (2.5, "g", "kratom")
    retry = client.post("/api/v1/doses", json=body, headers=people["person_h"])
    assert retry.status_code == 200
    assert retry.json() == stored
    changed = client.post("/api/v1/doses", json=body | {"amount": 3}, headers=people["person_h"])
    assert changed.status_code == 409
    assert changed.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/doses", headers=people["person_h"]).json()
    assert [d["id"] for d in listed["items"]] == [body["id"]]


def test_another_persons_id_is_409_and_reveals_nothing(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = dose()
    assert client.post("/api/v1/doses", json=body, headers=people["person_h"]).status_code == 201
    taken = client.post("/api/v1/doses", json=body, headers=people["other_h"])
    assert taken.status_code == 409
    assert "2.5" not in taken.text
    assert client.get(f"/api/v1/doses/{body['id']}", headers=people["other_h"]).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (dose(amount=0), "amount"),
        (dose(amount="lots"), "amount"),
        (dose(amount=1e9), "amount"),
        (dose(kind="tea"), "kind"),
        (dose(unit="ml"), "purchase_id"),
        (dose(id="not-a-uuid"), "id"),
        (dose(kind="opioid", amount=10, drug="oxycodone", route="teleport"), "route"),
        (dose(taken_at="2026-11-25T08:00:00"), "taken_at"),
        (dose(taken_at="yesterday"), "taken_at"),
    ],
)
def test_invalid_doses_are_422_naming_the_field(
    client: TestClient, people: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/doses", json=body, headers=people["person_h"])
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_strict_bodies_refuse_unknown_fields(client: TestClient, people: dict[str, Any]) -> None:
    response = client.post("/api/v1/doses", json=dose(grams=3), headers=people["person_h"])
    assert response.status_code == 422


def test_an_opioid_dose_shows_mme_or_why_not(client: TestClient, people: dict[str, Any]) -> None:
    oxy = client.post(
        "/api/v1/doses",
        json=dose(kind="opioid", amount=20, drug="oxycodone"),
        headers=people["person_h"],
    ).json()
    assert (oxy["mme"], oxy["unit"], oxy["route"]) == (30.0, "mg", "oral")  # CDC factor 1.5
    bup = client.post(
        "/api/v1/doses",
        json=dose(kind="opioid", amount=8, drug="buprenorphine", route="sublingual"),
        headers=people["person_h"],
    ).json()
    assert bup["mme"] is None
    assert "buprenorphine" in bup["mme_note"]


def test_a_dose_of_a_certified_batch_shows_mitragynine_and_7oh_mg(
    client: TestClient, services: Services, people: dict[str, Any]
) -> None:
    person = people["person"]
    staff = Actor(people["clinician"].id, Role.CLINICIAN, "Dr Dose")
    batch = DemoBatch("API Vendor (demo)", "Green Powder", "powder", "green", "API-1")
    label = services.products.add_batch(
        staff, NewProduct(vendor=batch.vendor, name=batch.product, form="powder"), batch.lot
    )
    content = certificate_json(batch, (NOW - timedelta(days=10)).date().isoformat(), "1.2", "0.02")
    services.certificates.import_coa(
        staff, CoaUpload(str(uuid.uuid4()), "c.json", content, label.batch.id)
    )
    view, _ = services.products.record_purchase(
        Actor(person.id, person.role, person.name),
        NewPurchase(id=str(uuid.uuid4()), batch_id=label.batch.id),
    )
    stored = client.post(
        "/api/v1/doses",
        json=dose(amount=3, purchase_id=view.purchase.id),
        headers=people["person_h"],
    ).json()
    assert stored["mitragynine_mg"] == 36.0  # 3 g x 1.2 % x 10
    assert stored["hydroxymitragynine_mg"] == 0.6  # 3 g x 0.02 % x 10
    assert "Green Powder" in stored["product"]


def test_clinicians_with_consent_log_and_read_others_get_404(
    client: TestClient, people: dict[str, Any]
) -> None:
    person_id = people["person"].id
    logged = client.post(
        "/api/v1/doses", json=dose(person_id=person_id), headers=people["clinician_h"]
    )
    assert logged.status_code == 201
    assert logged.json()["recorded_by"] == people["clinician"].id
    page = client.get(
        "/api/v1/doses", params={"person_id": person_id}, headers=people["clinician_h"]
    )
    assert len(page.json()["items"]) == 1
    hidden = client.get("/api/v1/doses", params={"person_id": person_id}, headers=people["other_h"])
    assert hidden.status_code == 404
    assert client.get("/api/v1/doses").status_code == 401


def test_pagination_walks_every_dose_once_newest_first(
    client: TestClient, people: dict[str, Any]
) -> None:
    ids = []
    for hours in range(7):
        body = dose(taken_at=(NOW - timedelta(hours=hours)).isoformat())
        client.post("/api/v1/doses", json=body, headers=people["person_h"])
        ids.append(body["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/doses", params=params, headers=people["person_h"]).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == ids


@pytest.mark.parametrize("cursor", ["garbage", "AAAA", "%%%", "MjAyNnx4"])
def test_garbage_cursors_are_422_not_500(
    client: TestClient, people: dict[str, Any], cursor: str
) -> None:
    response = client.get("/api/v1/doses", params={"cursor": cursor}, headers=people["person_h"])
    assert response.status_code == 422
