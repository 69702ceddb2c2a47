"""The withdrawal pages without JavaScript: the person's SOWS check-in (idempotent on a double
submit, errors naming the item), the trend chart, the profile form, and the clinician's COWS and
OOWS forms with access checked."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from tests.conftest import NOW, csrf_from, make_user, web_sign_in
from tests.support.instruments import COWS_ANSWERS, SOWS_ITEMS


def form_id(html: str) -> str:
    match = re.search(r'name="id" value="([^"]+)"', html)
    assert match, "form has no client id"
    return match.group(1)


def test_person_checks_in_and_sees_the_point_on_the_chart(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(client, person)
    home = client.get("/me")
    assert "Check in now" in home.text
    form = client.get("/me/checkin")
    assert form.status_code == 200
    # 16 SOWS items × 5, then the optional cravings (0–10) and sleep (4 answers) beside them.
    assert form.text.count('type="radio"') == 16 * 5 + 11 + 4
    data = dict.fromkeys(SOWS_ITEMS, "1") | {
        "csrf_token": csrf,
        "id": form_id(form.text),
        "note": "rough night",
    }
    done = client.post("/me/checkin", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/me/withdrawal?notice=checkin-saved"
    again = client.post("/me/checkin", data=data, follow_redirects=False)  # a double tap
    assert again.status_code == 303
    trend = client.get("/me/withdrawal?notice=checkin-saved")
    assert "Check-in saved." in trend.text
    day = NOW.date().isoformat()
    assert f'data-day="{day}" data-total="16"' in trend.text
    assert trend.text.count('class="checkin-row') == 1  # one check-in, not two
    assert "Checked in today: SOWS 16" in client.get("/me").text


def test_an_incomplete_checkin_names_the_item_and_keeps_the_answers(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(client, person)
    form = client.get("/me/checkin")
    data = {item: "2" for item in SOWS_ITEMS if item != "aching"}
    response = client.post(
        "/me/checkin", data=data | {"csrf_token": csrf, "id": form_id(form.text)}
    )
    assert response.status_code == 422
    assert "aching" in response.text
    assert "missing" in response.text
    assert 'id="sows-anxious-2" name="anxious" value="2" required\n             checked' in (
        response.text
    )
    assert "<tr><td>" not in client.get("/me/withdrawal").text


def test_the_profile_sets_the_expected_course(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(client, person)
    assert client.get("/me/withdrawal/profile").status_code == 200
    last_use = (NOW - timedelta(hours=50)).strftime("%Y-%m-%dT%H:%M")
    saved = client.post(
        "/me/withdrawal/profile",
        data={"csrf_token": csrf, "opioids": "short_acting", "last_use_at": last_use},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert "Day 3 — usually the peak for short-acting opioids." in saved.text
    assert 'class="course course-peak"' in saved.text
    bad = client.post("/me/withdrawal/profile", data={"csrf_token": csrf, "last_use_at": last_use})
    assert bad.status_code == 422
    assert "Choose at least one" in bad.text


def test_clinician_records_cows_and_oows_for_a_consenting_person(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cara")
    services.consent.grant(Actor(person.id, Role.PERSON), clinician.id)
    csrf = web_sign_in(client, clinician)
    page = client.get(f"/clinic/persons/{person.id}")
    assert "Record COWS" in page.text
    form = client.get(f"/clinic/persons/{person.id}/checkin/cows")
    assert form.status_code == 200
    assert "pupils so dilated that only the rim of the iris is visible" in form.text
    assert 'name="pulse_bpm"' in form.text
    data = {k: str(v) for k, v in COWS_ANSWERS.items()} | {
        "csrf_token": csrf,
        "id": form_id(form.text),
    }
    done = client.post(
        f"/clinic/persons/{person.id}/checkin/cows", data=data, follow_redirects=True
    )
    assert done.status_code == 200
    assert "Check-in saved." in done.text
    bad = client.post(
        f"/clinic/persons/{person.id}/checkin/cows",
        data=data | {"pulse_bpm": "-5", "id": str(uuid.uuid4())},
    )
    assert bad.status_code == 422
    assert "pulse_bpm" in bad.text
    oows = client.get(f"/clinic/persons/{person.id}/checkin/oows")
    assert oows.text.count('type="radio"') == 13 * 2
    assert client.get(f"/clinic/persons/{person.id}/checkin/sows").status_code == 422
    listed = services.checkins.page(Actor(person.id, Role.PERSON), None)
    assert [(c.instrument, c.total, c.measurements) for c in listed.items] == [
        ("cows", 16, {"pulse_bpm": 104})
    ]


def test_a_clinician_without_consent_sees_nothing(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    stranger = make_user(services, Role.CLINICIAN, "Dr Stranger")
    csrf = web_sign_in(client, stranger)
    for path in (
        f"/clinic/persons/{person.id}/withdrawal",
        f"/clinic/persons/{person.id}/checkin/cows",
        f"/clinic/persons/{person.id}/withdrawal/profile",
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(
        f"/clinic/persons/{person.id}/checkin/cows",
        data={"csrf_token": csrf, "id": str(uuid.uuid4())},
    )
    assert response.status_code in (404, 422)
    assert services.checkins.page(Actor(person.id, Role.PERSON), None).items == []


def test_a_page_load_flags_a_silent_gap(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    actor = Actor(person.id, Role.PERSON)
    services.withdrawal.set_profile(actor, None, ["kratom"], NOW - timedelta(days=5))
    services.clock.set(NOW + timedelta(days=3))  # type: ignore[attr-defined]
    web_sign_in(client, person)
    assert "No check-in since" in client.get("/me").text
    assert csrf_from(client.get("/me").text)
