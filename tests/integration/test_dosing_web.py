"""The dosing pages without JavaScript (SQLite): log a dose and "same as last time" (a double
submit stores one), the clinician drafts and approves a plan the person then sees, a rising
SOWS holds the next step on both sides, the .ics downloads, and the dependence screen."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.entrypoints.app import create_app
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user, web_sign_in
from tests.support.instruments import sows


@pytest.fixture
def app_client(sqlite_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_services.settings, sqlite_services)) as client:
        yield client


def ids(html: str) -> list[str]:
    return re.findall(r'name="id" value="([^"]+)"', html)


def test_a_person_logs_a_dose_and_repeats_it_in_one_tap(
    app_client: TestClient, sqlite_services: Services
) -> None:
    person = make_user(sqlite_services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(app_client, person)
    page = app_client.get("/me/doses")
    assert page.status_code == 200
    assert "Same as last time" not in page.text  # nothing to repeat yet
    dose_id = ids(page.text)[0]
    data = {"csrf_token": csrf, "id": dose_id, "kind": "kratom", "amount": "2.5", "unit": "g"}
    done = app_client.post("/me/doses", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/me/doses?notice=dose-saved"
    home = app_client.get("/me")
    assert "Same as last time: 2.5 g" in home.text
    repeat = re.search(r'action="/me/doses/again".*?name="id" value="([^"]+)"', home.text, re.S)
    assert repeat
    form = {"csrf_token": csrf, "id": repeat.group(1), "back": "/me"}
    # Within ten minutes of the last dose the page asks first (issue 12) and stores nothing.
    asked = app_client.post("/me/doses/again", data=form, follow_redirects=False)
    assert asked.status_code == 200
    assert "Log the same dose again?" in asked.text
    assert "Today: 1 kratom dose" in app_client.get("/me").text
    for _ in range(2):  # confirmed; a double tap of the confirmation stores one dose
        again = app_client.post(
            "/me/doses/again", data=form | {"confirm": "yes"}, follow_redirects=False
        )
        assert again.headers["location"] == "/me?notice=dose-saved"
    assert "Today: 2 kratom doses, 5 g" in app_client.get("/me").text
    bad = app_client.post("/me/doses", data=data | {"id": str(uuid.uuid4()), "amount": "-1"})
    assert bad.status_code == 422
    assert "more than 0" in bad.text


def plan_form(csrf: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "substance": "kratom",
        "start": "6",
        "unit_step": "0.5",
        "reduction_pct": "10",
        "every_days": "7",
        "start_date": NOW.date().isoformat(),
        "hold_instrument": "sows",
    }


def test_draft_approve_hold_on_both_sides_and_the_calendar(
    sqlite_services: Services, app_client: TestClient
) -> None:
    services = sqlite_services
    person = make_user(services, Role.PERSON, "Pat Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cee")
    person_actor = Actor(person.id, person.role, person.name)
    services.consent.grant(person_actor, clinician.id)

    csrf = web_sign_in(app_client, clinician)
    base = f"/clinic/persons/{person.id}"
    editor = app_client.get(f"{base}/dosing")
    assert editor.status_code == 200
    assert "Washington State AMDG" in editor.text
    created = app_client.post(f"{base}/plans", data=plan_form(csrf), follow_redirects=False)
    assert created.status_code == 303
    drafted = app_client.get(f"{base}/dosing")
    assert "Draft: Kratom taper from 6 g/day" in drafted.text
    found = re.search(r'action="[^"]*/plans/([^/"]+)/approve"', drafted.text)
    assert found
    plan_id = found.group(1)

    with TestClient(create_app(services.settings, services)) as phone:
        web_sign_in(phone, person)
        assert "no approved taper plan" in phone.get("/me/plan").text  # a draft is not shown

        # Approval is a separate confirmation that restates the first steps; nothing is
        # logged yet, so the start needs a recorded reason (safe plan entry).
        step = app_client.post(
            f"{base}/plans/{plan_id}/approve", data={"csrf_token": csrf}, follow_redirects=False
        )
        assert step.status_code == 200
        assert "Approve this plan?" in step.text
        assert "6 g/day</strong> from" in step.text
        assert "Nothing was logged" in step.text
        unreasoned = app_client.post(
            f"{base}/plans/{plan_id}/approve",
            data={"csrf_token": csrf, "confirm": "yes"},
            follow_redirects=False,
        )
        assert unreasoned.status_code == 422
        assert "say where the start amount" in unreasoned.text
        approved = app_client.post(
            f"{base}/plans/{plan_id}/approve",
            data={"csrf_token": csrf, "confirm": "yes", "start_reason": "Agreed at the visit"},
            follow_redirects=False,
        )
        assert approved.status_code == 303
        plan_page = phone.get("/me/plan")
        assert "Plan for now: 6 g/day of kratom." in plan_page.text
        assert "svg" in plan_page.text

        calendar = phone.get(f"/me/plans/{plan_id}.ics")
        assert calendar.headers["content-type"].startswith("text/calendar")
        events = icalendar.Calendar.from_ical(calendar.text).walk("VEVENT")
        assert len(events) > 5

        for total, days_ago in ((4, 2), (5, 1), (15, 0)):
            services.record_checkin.record(
                person_actor,
                NewCheckIn(
                    id=str(uuid.uuid4()),
                    instrument="sows",
                    answers=sows(total),
                    taken_at=NOW - timedelta(days=days_ago, hours=1),
                ),
            )
        home = phone.get("/me").text
        assert "Next reduction held" in home
        assert "SOWS rose from 4" in home
        assert "Next reduction held" in phone.get("/me/plan").text

    clinician_view = app_client.get(base).text
    assert "Taper step held" in clinician_view  # the alert
    assert "Next reduction held" in clinician_view  # the card
    again = app_client.post(
        f"{base}/plans/{plan_id}/approve",
        data={"csrf_token": csrf, "confirm": "yes", "start_reason": "again"},
        follow_redirects=False,
    )
    assert again.status_code == 409


def test_the_dependence_screen_is_saved_with_its_band(
    app_client: TestClient, sqlite_services: Services
) -> None:
    person: User = make_user(sqlite_services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(app_client, person)
    page = app_client.get("/me/dependence")
    items = [i.id for i in sqlite_services.dependence.definition.items]
    data = {"csrf_token": csrf, "id": ids(page.text)[0], "typical_doses_per_day": "4"}
    data |= {item: ("yes" if n < 4 else "no") for n, item in enumerate(items)}
    missing = {k: v for k, v in data.items() if k != items[5]}
    assert app_client.post("/me/dependence", data=missing).status_code == 422
    done = app_client.post("/me/dependence", data=data, follow_redirects=False)
    assert done.status_code == 303
    shown = app_client.get("/me/dependence").text
    assert "4 of 11" in shown
    assert "moderate" in shown
