"""Sources over HTTP on SQLite and PostgreSQL: uploads (multipart and JSON), replays, malformed
files (never a 500, never half-stored), the 413 before parsing, purchases and the scorecard;
and the web pages: upload, verdict with reasons, products, scorecard."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from tests.conftest import api_token, csrf_from, make_user, web_sign_in
from tests.support.database import unit_of_work

DATA = Path(__file__).parent.parent / "data" / "coa"


def new_id() -> str:
    return str(uuid.uuid4())


def count(services: Services) -> int:
    with unit_of_work(services, read_only=True) as uow:
        return len(uow.certificates.recent(200))


@pytest.fixture
def person_headers(client: TestClient, services: Services) -> dict[str, str]:
    return api_token(client, make_user(services, Role.PERSON, "Pat Person"))


def upload(client: TestClient, headers: dict[str, str], name: str, content: bytes, **form: str):  # type: ignore[no-untyped-def]
    data = {"id": form.pop("id", new_id()), **form}
    return client.post("/api/v1/coas", headers=headers, data=data, files={"file": (name, content)})


def test_multipart_upload_then_replay(
    client: TestClient, services: Services, person_headers: dict[str, str]
) -> None:
    batch = client.post(
        "/api/v1/batches",
        headers=person_headers,
        json={"vendor": "Leafy Co", "name": "Green Malay", "form": "powder", "lot": "GM-2611-03"},
    )
    assert batch.status_code == 201, batch.text
    content = (DATA / "passing_mixed_units.json").read_bytes()
    coa_id = new_id()
    first = upload(
        client, person_headers, "coa.json", content, id=coa_id, batch_id=batch.json()["id"]
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["verdict"] == "pass"
    assert body["batch"]["vendor"] == "Leafy Co"
    assert body["mitragynine_pct"] == 1.48
    lead = next(f for f in body["findings"] if f["analyte"] == "Lead" and "USP" in f["rule"])
    assert (lead["value"], lead["unit"], lead["status"]) == (0.18, "µg/g", "pass")
    again = upload(
        client, person_headers, "coa.json", content, id=coa_id, batch_id=batch.json()["id"]
    )
    assert again.status_code == 200
    assert again.json()["id"] == coa_id
    other = upload(
        client, person_headers, "f.csv", (DATA / "failing_lead.csv").read_bytes(), id=coa_id
    )
    assert other.status_code == 409
    assert count(services) == 1
    listed = client.get(
        "/api/v1/coas", headers=person_headers, params={"batch_id": batch.json()["id"]}
    )
    assert [c["id"] for c in listed.json()["items"]] == [coa_id]
    detail = client.get(
        f"/api/v1/coas/{coa_id}", headers=person_headers, params={"daily_grams": 30}
    )
    assert detail.json()["verdict"] == "fail"  # 0.18 µg/g × 30 g = 5.4 µg/day > 5


@pytest.mark.parametrize("name", ["truncated.json", "empty.csv", "binary_junk.bin"])
def test_malformed_uploads_are_422_and_store_nothing(
    client: TestClient, services: Services, person_headers: dict[str, str], name: str
) -> None:
    response = upload(client, person_headers, name, (DATA / name).read_bytes())
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "file"
    assert count(services) == 0


def test_a_corrupt_pdf_is_422(client: TestClient, person_headers: dict[str, str]) -> None:
    response = upload(client, person_headers, "coa.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<< /Type")
    assert response.status_code == 422
    assert "PDF cannot be opened" in response.json()["detail"]


def test_a_50_mb_upload_is_413_before_parsing(
    client: TestClient, services: Services, person_headers: dict[str, str]
) -> None:
    big = b"0" * (50 * 1024 * 1024)
    response = upload(client, person_headers, "big.csv", big)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert count(services) == 0


def test_json_certificate_route(client: TestClient, person_headers: dict[str, str]) -> None:
    body = {
        "id": new_id(),
        "certificate": {
            "lab": "Example",
            "batch": "B1",
            "results": [{"analyte": "Lead", "value": 0.1, "unit": "kg/serving"}],
        },
    }
    response = client.post("/api/v1/coas/json", headers=person_headers, json=body)
    assert response.status_code == 201, response.text
    statuses = {f["status"] for f in response.json()["findings"]}
    assert "unknown_unit" in statuses
    assert response.json()["verdict"] == "incomplete"
    assert client.post("/api/v1/coas/json", headers=person_headers, json=body).status_code == 200
    wrong = client.post("/api/v1/coas", headers=person_headers, json=body)
    assert wrong.status_code == 415


def test_purchases_and_scorecard(client: TestClient, person_headers: dict[str, str]) -> None:
    purchase = {
        "id": new_id(),
        "product": {
            "vendor": "Club 13",
            "name": "Maeng Da Red",
            "form": "capsule",
            "grams_per_unit": 0.5,
        },
        "lot": "MRMD013018",
        "max_daily_grams": 6,
    }
    created = client.post("/api/v1/purchases", headers=person_headers, json=purchase)
    assert created.status_code == 201, created.text
    assert created.json()["recalls"][0]["level"] == "batch"
    assert (
        client.post("/api/v1/purchases", headers=person_headers, json=purchase).status_code == 200
    )
    mine = client.get("/api/v1/purchases", headers=person_headers).json()["items"]
    assert [p["batch"]["lot"] for p in mine] == ["MRMD013018"]
    patched = client.patch(
        f"/api/v1/purchases/{mine[0]['id']}", headers=person_headers, json={"current": False}
    )
    assert patched.status_code == 200
    assert patched.json()["current"] is False
    bad = client.post(
        "/api/v1/purchases",
        headers=person_headers,
        json={**purchase, "id": new_id(), "max_daily_grams": -1},
    )
    assert bad.status_code == 422
    scores = client.get("/api/v1/vendors/scorecard", headers=person_headers).json()["items"]
    assert [s["vendor"]["name"] for s in scores] == ["Club 13"]
    assert scores[0]["recalls"]
    assert len(client.get("/api/v1/recalls", headers=person_headers).json()["items"]) >= 10


def test_another_persons_purchases_are_not_found(
    client: TestClient, services: Services, person_headers: dict[str, str]
) -> None:
    other = make_user(services, Role.PERSON, "Olive Other")
    response = client.get(
        "/api/v1/purchases", headers=person_headers, params={"person_id": other.id}
    )
    assert response.status_code == 404
    assert client.get("/api/v1/purchases").status_code == 401


def test_web_upload_shows_the_verdict_with_reasons(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Web Person")
    token = web_sign_in(client, person)
    page = client.get("/me/products")
    assert page.status_code == 200
    added = client.post(
        "/me/products",
        data={
            "csrf_token": token, "purchase_id": csrf_purchase_id(page.text), "vendor": "Leafy Co",
            "product": "Red Maeng Da", "form": "powder", "lot": "RMD-2611", "max_daily_grams": "4",
        },
    )  # fmt: skip
    assert added.status_code == 200
    assert "RMD-2611" in added.text
    form = client.get("/coas/upload")
    batch_id = form.text.split('<option value="', 2)[2].split('"', 1)[0]
    response = client.post(
        "/coas/upload",
        data={"csrf_token": csrf_from(form.text), "upload_id": new_id(), "batch_id": batch_id},
        files={"file": ("coa.csv", (DATA / "failing_lead.csv").read_bytes(), "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert 'data-verdict="fail"' in response.text
    assert "Why" in response.text
    assert "Lead" in response.text
    assert "USP" in response.text
    home = client.get("/me")
    assert "Your kratom" in home.text
    assert "Lab certificate fails" in home.text
    bad = client.post(
        "/coas/upload",
        data={"csrf_token": token, "upload_id": new_id()},
        files={"file": ("x.json", (DATA / "truncated.json").read_bytes(), "application/json")},
    )
    assert bad.status_code == 422
    assert "cannot be read" in bad.text
    assert "Vendor scorecard" in client.get("/vendors").text


def csrf_purchase_id(html: str) -> str:
    return html.split('name="purchase_id" value="', 1)[1].split('"', 1)[0]
