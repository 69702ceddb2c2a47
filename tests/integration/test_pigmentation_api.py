"""Skin photos through the API and the pages, on SQLite and PostgreSQL: upload with the boxes,
idempotent retries, photos only for the person and consenting clinicians, trend, alerts."""

from __future__ import annotations

import io
import uuid
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from tests.conftest import api_token, csrf_from, make_user, web_sign_in
from tests.support.pigmentation_photos import photo

SITE_KEYS = {"L", "a", "b", "ita_deg", "category", "melanin_index", "erythema_index"}


def box(values: tuple[int, int, int, int] | None) -> str:
    assert values is not None
    return ",".join(str(v) for v in values)


def upload(client: TestClient, headers: dict[str, str], jpeg: bytes, **fields: str) -> Any:
    return client.post(
        "/api/v1/skin/measurements",
        files={"photo": ("arm.jpg", jpeg, "image/jpeg")},
        data=fields,
        headers=headers,
    )


def test_upload_measure_replay_and_photo_access(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    other = make_user(services, Role.PERSON, "Olly Other")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cleo")
    p_auth, o_auth, c_auth = (api_token(client, u) for u in (person, other, clinician))
    rendered = photo(width=960, height=720)
    fields = {
        "id": str(uuid.uuid4()),
        "roi": box(rendered.affected_box),
        "reference_roi": box(rendered.reference_box),
        "site": "back of left hand",
        "reference_site": "back of right hand",
    }
    first = upload(client, p_auth, rendered.jpeg, **fields)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["measurement"]["calibrated"] is True
    assert set(body["measurement"]["roi"]) == SITE_KEYS
    assert abs(body["measurement"]["delta_L"] - (58 - 66)) < 1.0

    again = upload(client, p_auth, rendered.jpeg, **fields)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    changed = upload(client, p_auth, rendered.jpeg, **{**fields, "site": "forehead"})
    assert changed.status_code == 409

    listed = client.get("/api/v1/skin/measurements", headers=p_auth).json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]

    own = client.get(body["photo_url"], headers=p_auth)
    assert own.status_code == 200
    assert own.headers["content-type"] == "image/jpeg"
    assert "no-store" in own.headers["cache-control"]
    stored = Image.open(io.BytesIO(own.content))
    assert not stored.getexif()
    assert stored.size == (body["photo_width"], body["photo_height"])
    assert client.get(body["photo_url"], headers=o_auth).status_code == 404
    assert client.get(body["photo_url"], headers=c_auth).status_code == 404
    listing = client.get(f"/api/v1/skin/measurements?person_id={person.id}", headers=c_auth)
    assert listing.status_code == 404

    services.consent.grant(Actor(person.id, Role.PERSON, person.name, "127.0.0.1"), clinician.id)
    assert client.get(body["photo_url"], headers=c_auth).status_code == 200
    trend = client.get(f"/api/v1/skin/trend?person_id={person.id}", headers=c_auth).json()
    assert trend["items"][0]["site"] == "back of left hand"
    assert trend["items"][0]["darkening"] is False


def test_bad_uploads_are_named(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    auth = api_token(client, person)
    text = upload(client, auth, b"not a photo", id=str(uuid.uuid4()), roi="0,0,10,10")
    assert text.status_code == 415
    no_chart = photo(with_chart=False, width=800, height=600)
    roi = box(no_chart.affected_box)
    refused = upload(client, auth, no_chart.jpeg, id=str(uuid.uuid4()), roi=roi)
    assert refused.status_code == 422
    assert "ColorChecker" in refused.json()["detail"]
    outside = upload(client, auth, no_chart.jpeg, id=str(uuid.uuid4()), roi="790,10,50,50")
    assert outside.status_code == 422
    assert outside.json()["field"] == "roi"
    plain = upload(
        client, auth, no_chart.jpeg, id=str(uuid.uuid4()), roi=box(no_chart.affected_box),
        uncalibrated="true",
    )  # fmt: skip
    assert plain.status_code == 201, plain.text
    assert plain.json()["measurement"]["calibrated"] is False


def test_the_page_form_works_without_javascript(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Web Person")
    web_sign_in(client, person)
    form = client.get("/me/skin/new")
    assert form.status_code == 200
    assert 'name="roi_x"' in form.text
    assert "/static/js/skin.js" in form.text
    rendered = photo(width=960, height=720)
    x, y, w, h = rendered.affected_box
    rx, ry, rw, rh = rendered.reference_box  # type: ignore[misc]
    response = client.post(
        "/me/skin/new",
        data={
            "csrf_token": csrf_from(form.text),
            "upload_id": str(uuid.uuid4()),
            "roi_x": str(x),
            "roi_y": str(y),
            "roi_w": str(w),
            "roi_h": str(h),
            "ref_x": str(rx),
            "ref_y": str(ry),
            "ref_w": str(rw),
            "ref_h": str(rh),
            "site": "left cheek",
            "reference_site": "right cheek",
        },
        files={"photo": ("cheek.jpg", rendered.jpeg, "image/jpeg")},
        follow_redirects=True,
    )
    assert response.status_code == 200, response.text
    assert "Corrected colours" in response.text
    assert "ΔL*" in response.text
    again = client.get("/me/skin/new").text
    # No boxes in advance (the last photo's pixels mean nothing on a new one); names are kept.
    assert 'name="roi_x" inputmode="numeric" pattern="[0-9]*" maxlength="6" value=""' in again
    assert "left cheek" in again
    assert "Skin photos" in client.get("/me").text
