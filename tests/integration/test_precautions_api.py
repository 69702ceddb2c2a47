"""Precautions over the JSON API, on SQLite and PostgreSQL: medication list with interactions,
conditions, red-flag reports with their alert, legal status and evidence; and the web pages."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from tests.conftest import api_token, csrf_from, make_user, web_sign_in


def setup_people(
    client: TestClient, services: Services
) -> tuple[dict[str, str], dict[str, str], str]:
    person = make_user(services, Role.PERSON, "Pat Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cleo")
    person_headers = api_token(client, person)
    response = client.post(
        "/api/v1/consents", json={"clinician_id": clinician.id}, headers=person_headers
    )
    assert response.status_code == 201, response.text
    return person_headers, api_token(client, clinician), person.id


def test_adding_a_benzodiazepine_shows_a_major_interaction_to_person_and_clinician(
    client: TestClient, services: Services
) -> None:
    person_h, clinician_h, person_id = setup_people(client, services)
    client_id = str(uuid.uuid4())
    body = {"name": "Xanax", "id": client_id}
    response = client.post("/api/v1/medications", json=body, headers=person_h)
    assert response.status_code == 201, response.text
    added = response.json()
    assert added["medication"] == {
        "id": client_id,
        "name": "Xanax",
        "added_at": added["medication"]["added_at"],
        "recognised_as": "alprazolam",
    }
    first = added["check"]["interactions"][0]
    assert (first["substance"], first["with"], first["severity"]) == (
        "kratom",
        "alprazolam",
        "major",
    )
    assert added["alerts_raised"] == 1
    # A retry with the same id is answered with the first record, not a second one.
    again = client.post("/api/v1/medications", json=body, headers=person_h)
    assert again.status_code == 200
    assert again.json()["alerts_raised"] == 0
    clash = client.post(
        "/api/v1/medications", json={"name": "Valium", "id": client_id}, headers=person_h
    )
    assert clash.status_code == 409

    listed = client.get(f"/api/v1/medications?person_id={person_id}", headers=clinician_h).json()
    assert [m["name"] for m in listed["items"]] == ["Xanax"]
    assert listed["check"]["interactions"][0]["severity"] == "major"
    alerts = client.get(f"/api/v1/alerts?person_id={person_id}", headers=clinician_h).json()
    assert [a["kind"] for a in alerts["items"]] == ["interaction"]

    removed = client.delete(f"/api/v1/medications/{client_id}", headers=person_h)
    assert removed.status_code == 200
    assert removed.json()["interactions"] == []


def test_strict_bodies_and_access(client: TestClient, services: Services) -> None:
    person_h, _, person_id = setup_people(client, services)
    assert (
        client.post("/api/v1/medications", json={"name": ""}, headers=person_h).status_code == 422
    )
    assert (
        client.post(
            "/api/v1/medications", json={"name": "x", "extra": 1}, headers=person_h
        ).status_code
        == 422
    )
    other = api_token(client, make_user(services, Role.CLINICIAN, "Dr Nobody"))
    assert (
        client.get(f"/api/v1/medications?person_id={person_id}", headers=other).status_code == 404
    )
    assert client.get("/api/v1/medications").status_code == 401


def test_check_names_keeps_the_cli_shape(client: TestClient, services: Services) -> None:
    person_h, _, _ = setup_people(client, services)
    response = client.post(
        "/api/v1/interactions/check",
        json={"names": ["Ultram", "Nardil", "Frobnicol"]},
        headers=person_h,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["unrecognised"] == ["Frobnicol"]
    assert body["interactions"][0]["severity"] == "contraindicated"
    assert set(body["interactions"][0]) == {
        "substance",
        "with",
        "severity",
        "mechanism",
        "advice",
        "source",
        "why",
    }


def test_conditions_round_trip(client: TestClient, services: Services) -> None:
    person_h, clinician_h, person_id = setup_people(client, services)
    response = client.put(
        "/api/v1/conditions", json={"conditions": ["seizure_disorder"]}, headers=person_h
    )
    assert response.status_code == 200, response.text
    seen = client.get(f"/api/v1/conditions?person_id={person_id}", headers=clinician_h).json()
    assert seen["conditions"] == ["seizure_disorder"]
    assert seen["precautions"][0]["code"] == "seizure_disorder"
    bad = client.put("/api/v1/conditions", json={"conditions": ["flu"]}, headers=person_h)
    assert bad.status_code == 422
    assert bad.json()["field"] == "conditions"


def test_a_red_flag_report_answers_with_what_to_do_and_alerts_the_clinician(
    client: TestClient, services: Services
) -> None:
    person_h, clinician_h, person_id = setup_people(client, services)
    client.put("/api/v1/jurisdiction", json={"jurisdiction": "US-OR"}, headers=person_h)
    report_id = str(uuid.uuid4())
    body = {"flags": ["yellow_skin_or_eyes"], "checkin_id": "c-1", "id": report_id}
    response = client.post("/api/v1/red-flags", json=body, headers=person_h)
    assert response.status_code == 201, response.text
    out = response.json()
    assert out["urgency"] == "urgent"
    assert out["headline"] == "Get medical care today."
    assert out["liver_facts"] == "/evidence#liver-injury"
    assert out["poison_control"] == "1-800-222-1222"
    assert out["alert_raised"] is True
    assert client.post("/api/v1/red-flags", json=body, headers=person_h).status_code == 200
    alerts = client.get(
        f"/api/v1/alerts?person_id={person_id}&open_only=true", headers=clinician_h
    ).json()["items"]
    assert [a["kind"] for a in alerts] == ["red_flag"]
    listed = client.get(f"/api/v1/red-flags?person_id={person_id}", headers=clinician_h).json()
    assert [r["id"] for r in listed["items"]] == [report_id]
    bad = client.post("/api/v1/red-flags", json={"flags": ["headache"]}, headers=person_h)
    assert bad.status_code == 422


def test_legal_status_and_evidence(client: TestClient, services: Services) -> None:
    person_h, _, _ = setup_people(client, services)
    response = client.get("/api/v1/legal/us-la?on=2025-08-01", headers=person_h)
    assert response.status_code == 200
    assert response.json()["status"] == "banned"
    assert client.get("/api/v1/legal/ZZ", headers=person_h).status_code == 404
    assert client.get("/api/v1/legal", headers=person_h).json() is None
    mine = client.put("/api/v1/jurisdiction", json={"jurisdiction": "us-ny"}, headers=person_h)
    assert (mine.json()["jurisdiction"], mine.json()["shown_for"]) == ("US-NY", None)
    # The federal overlay (DEA 7-OH notices, 1 Jul 2026) is shown with every US state.
    assert mine.json()["federal"]["jurisdiction"] == "US"
    # Chosen from the known list: an unknown code is refused with the field named in words.
    unknown = client.put("/api/v1/jurisdiction", json={"jurisdiction": "ZZ-99"}, headers=person_h)
    assert unknown.status_code == 422
    assert "Jurisdiction: 'ZZ-99' is not one Speciosa knows" in unknown.text
    assert client.get("/api/v1/legal", headers=person_h).json()["jurisdiction"] == "US-NY"
    florida = client.get("/api/v1/legal/US-FL?on=2026-12-01", headers=person_h).json()
    assert (florida["minimum_age"], florida["status"]) == (21, "restricted")
    claims = client.get("/api/v1/evidence", headers=person_h).json()["claims"]
    assert {c["grade"] for c in claims} >= {"supported", "contradicted", "case reports only"}


def test_web_pages(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Web Person")
    # Public reference pages need no sign-in.
    evidence = client.get("/evidence")
    assert evidence.status_code == 200
    assert "What the evidence says" in evidence.text
    assert 'id="liver-injury"' in evidence.text
    assert client.get("/legal").status_code == 200
    csrf = web_sign_in(client, person)
    added = client.post(
        "/me/medications", data={"name": "Klonopin", "csrf_token": csrf}, follow_redirects=True
    )
    assert added.status_code == 200
    assert "kratom with clonazepam" in added.text
    assert "major" in added.text
    page = client.get("/me/red-flags")
    token = csrf_from(page.text)
    banner = client.post(
        "/me/red-flags",
        data={"red_flags": "seizure", "csrf_token": token, "report_id": str(uuid.uuid4())},
    )
    assert banner.status_code == 200
    assert 'role="alert"' in banner.text
    assert "Get help now" in banner.text
    none_ticked = client.post("/me/red-flags", data={"csrf_token": token})
    assert none_ticked.status_code == 422
    # Issue 12: the jurisdiction is chosen from the known list; a forged code is refused.
    legal_page = client.get("/me/legal")
    assert '<select id="jurisdiction"' in legal_page.text
    assert '<option value="US-FL"' in legal_page.text
    forged = client.post(
        "/me/jurisdiction", data={"jurisdiction": "ZZ-99", "csrf_token": csrf_from(legal_page.text)}
    )
    assert forged.status_code == 422
    assert "Jurisdiction: &#39;ZZ-99&#39; is not one Speciosa knows" in forged.text
    home = client.get("/me")
    assert "Precautions" in home.text
