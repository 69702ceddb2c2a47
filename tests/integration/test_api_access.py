"""The API's front door: tokens, 401 for every protected route, consent, 404 and audit."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from speciosa.entrypoints.route_table import route_table
from tests.conftest import PASSWORD, api_token, make_user

DUMMY = "00000000-0000-4000-8000-000000000000"


def api_get_paths(client: TestClient) -> list[str]:
    return sorted(
        {
            re.sub(r"\{[^}]+\}", DUMMY, e.path)
            for e in route_table(client.app)  # type: ignore[arg-type]
            if e.api and e.method == "GET"
        }
    )


def test_every_api_get_without_a_token_is_401_problem(client: TestClient) -> None:
    paths = [p for p in api_get_paths(client) if not p.endswith("openapi.json")]
    assert paths, "no API routes found"
    for path in paths:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.headers["content-type"] == "application/problem+json"
        assert set(response.json()) >= {"type", "title", "detail"}


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ", "Basic abc", "Bearer " + "x" * 300]
)
def test_invalid_tokens_are_401(client: TestClient, header: str) -> None:
    assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401


def test_openapi_document_is_public(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/auth/token" in response.json()["paths"]


def test_token_flow(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    wrong = client.post(
        "/api/v1/auth/token", data={"username": person.email, "password": "wrong!!!"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "The e-mail or password is not right."
    ok = client.post("/api/v1/auth/token", data={"username": person.email, "password": PASSWORD})
    assert ok.status_code == 200
    body = ok.json()
    assert body["token_type"] == "bearer"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == {
        "id": person.id,
        "email": person.email,
        "role": "person",
        "name": "Pat Person",
    }


def test_repeated_failures_answer_429_with_retry_after_even_for_the_right_password(
    client: TestClient,
    services: Services,
) -> None:
    """From the same place (issue 15: another address would not be held up)."""
    person = make_user(services, Role.PERSON)
    for _ in range(5):
        client.post("/api/v1/auth/token", data={"username": person.email, "password": "bad-guess"})
    limited = client.post(
        "/api/v1/auth/token", data={"username": person.email, "password": PASSWORD}
    )
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_consent_controls_clinician_access_at_once_and_reads_are_audited(
    client: TestClient,
    services: Services,
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Who")
    p_auth, c_auth = api_token(client, person), api_token(client, clinician)

    hidden = client.get(f"/api/v1/alerts?person_id={person.id}", headers=c_auth)
    assert hidden.status_code == 404
    assert client.get("/api/v1/persons", headers=c_auth).json() == {"items": []}

    granted = client.post("/api/v1/consents", json={"clinician_id": clinician.id}, headers=p_auth)
    assert granted.status_code == 201
    assert client.get(f"/api/v1/alerts?person_id={person.id}", headers=c_auth).status_code == 200
    assert client.get("/api/v1/persons", headers=c_auth).json()["items"] == [
        {"id": person.id, "name": "Pat Person"}
    ]
    audit = client.get("/api/v1/audit", headers=p_auth).json()["items"]
    assert audit[0]["actor_name"] == "Dr Who"
    # Newest first: the clinician's list of whose records they see, then the alerts they read.
    assert (audit[0]["action"], audit[0]["resource"]) == ("read", "account")
    assert audit[1]["actor_name"] == "Dr Who"
    assert (audit[1]["action"], audit[1]["resource"]) == ("read", "alerts")

    assert client.delete(f"/api/v1/consents/{clinician.id}", headers=p_auth).status_code == 204
    assert client.get(f"/api/v1/alerts?person_id={person.id}", headers=c_auth).status_code == 404


def test_admin_sees_no_clinical_data(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    admin = make_user(services, Role.ADMIN)
    response = client.get(f"/api/v1/alerts?person_id={person.id}", headers=api_token(client, admin))
    assert response.status_code == 404


def test_invalid_bodies_name_the_field(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    auth = api_token(client, person)
    response = client.post("/api/v1/consents", json={"clinician": "x"}, headers=auth)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] in {"clinician_id", "clinician"}
    broken = client.post(
        "/api/v1/consents",
        content=b"{not json",
        headers={**auth, "content-type": "application/json"},
    )
    assert broken.status_code == 422
