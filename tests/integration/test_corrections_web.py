"""Issue 12 item 3 on the web: the person corrects a dose and marks one entered in error from
the history, each after a page that shows the record and asks; the day's total follows and the
originals stay in the history. A clinician marks a COWS they rated as entered in error."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.entrypoints.app import create_app
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import make_user, web_sign_in
from tests.support.instruments import COWS_ANSWERS


@pytest.fixture
def app_client(sqlite_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_services.settings, sqlite_services)) as client:
        yield client


def test_correct_and_in_error_from_the_dose_history(
    app_client: TestClient, sqlite_services: Services
) -> None:
    person = make_user(sqlite_services, Role.PERSON, "Wes Web")
    actor = Actor(person.id, person.role, person.name)
    first, double = str(uuid.uuid4()), str(uuid.uuid4())
    sqlite_services.doses.record(actor, NewDose(id=first, amount="30"))  # meant 3 g
    sqlite_services.doses.record(actor, NewDose(id=double, amount="2"))
    csrf = web_sign_in(app_client, person)
    assert "32 g" in app_client.get("/me/doses").text

    page = app_client.get(f"/me/doses/{first}/correct")
    assert page.status_code == 200
    assert "Correct this dose" in page.text
    assert 'value="30"' in page.text
    bad = app_client.post(f"/me/doses/{first}/correct", data={"csrf_token": csrf, "amount": "abc"})
    assert bad.status_code == 422
    assert "is not a number" in bad.text
    done = app_client.post(
        f"/me/doses/{first}/correct",
        data={"csrf_token": csrf, "amount": "3", "reason": "typed 30 for 3"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    asked = app_client.get(f"/me/doses/{double}/entered-in-error")
    assert "Mark this dose as entered in error?" in asked.text
    marked = app_client.post(
        f"/me/doses/{double}/entered-in-error", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert marked.status_code == 303
    history = app_client.get("/me/doses?notice=dose-in-error").text
    assert "1 kratom dose, 3 g" in history
    assert len(re.findall(r'class="dose-row status-corrected"', history)) == 1
    assert len(re.findall(r'class="dose-row status-entered_in_error"', history)) == 1
    assert "typed 30 for 3" in history
    again = app_client.post(f"/me/doses/{first}/correct", data={"csrf_token": csrf, "amount": "4"})
    assert again.status_code == 409
    assert "already corrected" in again.text


def test_a_clinician_marks_the_cows_they_rated_as_entered_in_error(
    app_client: TestClient, sqlite_services: Services
) -> None:
    person = make_user(sqlite_services, Role.PERSON, "Pia Person")
    clinician = make_user(sqlite_services, Role.CLINICIAN, "Dr Rate")
    sqlite_services.consent.grant(Actor(person.id, person.role, person.name), clinician.id)
    cows = str(uuid.uuid4())
    sqlite_services.checkins.record(
        Actor(clinician.id, clinician.role, clinician.name),
        NewCheckIn(id=cows, instrument="cows", answers=COWS_ANSWERS, person_id=person.id),
    )
    csrf = web_sign_in(app_client, clinician)
    base = f"/clinic/persons/{person.id}"
    trend = app_client.get(f"{base}/withdrawal").text
    assert f"{base}/checkins/{cows}/entered-in-error" in trend
    done = app_client.post(
        f"{base}/checkins/{cows}/entered-in-error",
        data={"csrf_token": csrf, "reason": "wrong person"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert "status-entered_in_error" in app_client.get(f"{base}/withdrawal").text
