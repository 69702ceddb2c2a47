"""Issue 15: GET requests do no writes. Every GET route of the app without path parameters, as a
person and as a clinician, plus the person's pages as their clinician sees them, leaves every
table as it was — but the audit trail (every clinical read is audited by design) and the
security log.

`GET /me/plan` used to store taper holds (and their alerts) when a page load found one due: the
hold review ran on page loads. Now holds are stored by writes (a check-in, a dose) and the
`speciosa taper review-holds` timer, and reads show the holds due but not yet stored.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.backup.tables import table_digests
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.entrypoints.app import create_app
from speciosa.entrypoints.route_table import route_table
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user, web_sign_in
from tests.integration.test_dosing_web import plan_form
from tests.support.database import open_connection
from tests.support.instruments import sows

LOGS = {"audit_events", "security_events"}


@pytest.fixture
def app_client(sqlite_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_services.settings, sqlite_services)) as client:
        yield client


def state(services: Services) -> dict[str, object]:
    with open_connection(services) as connection:
        return {k: v for k, v in table_digests(connection).items() if k not in LOGS}


def test_get_requests_change_nothing_and_the_plan_shows_a_due_hold(
    sqlite_services: Services, app_client: TestClient
) -> None:
    services = sqlite_services
    person = make_user(services, Role.PERSON, "Pat Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cee")
    person_actor = Actor(person.id, person.role, person.name)
    services.consent.grant(person_actor, clinician.id)
    csrf = web_sign_in(app_client, clinician)
    base = f"/clinic/persons/{person.id}"
    app_client.post(f"{base}/plans", data=plan_form(csrf), follow_redirects=False)
    found = re.search(
        r'action="[^"]*/plans/([^/"]+)/approve"', app_client.get(f"{base}/dosing").text
    )
    assert found
    # Rising SOWS recorded before the plan is approved: a hold is due that no write stored.
    for total, days_ago in ((4, 2), (5, 1), (15, 0)):
        services.checkins.record(
            person_actor,
            NewCheckIn(
                id=str(uuid.uuid4()),
                instrument="sows",
                answers=sows(total),
                taken_at=NOW - timedelta(days=days_ago, hours=1),
            ),
        )
    approved = app_client.post(
        f"{base}/plans/{found.group(1)}/approve",
        # Approval is a separate confirmation; nothing was logged, so the start needs a reason.
        data={"csrf_token": csrf, "confirm": "yes", "start_reason": "Agreed at the visit"},
        follow_redirects=False,
    )
    assert approved.status_code == 303

    simple_gets = sorted(
        e.path
        for e in route_table(app_client.app)  # type: ignore[arg-type]
        if e.method == "GET" and "{" not in e.path and not e.api
    )
    with TestClient(create_app(services.settings, services)) as phone:
        web_sign_in(phone, person)
        before = state(services)
        answered = 0
        for path in simple_gets:
            for client in (phone, app_client):
                answer = client.get(path, follow_redirects=False)
                assert answer.status_code < 500, (path, answer.status_code)
                answered += 1
        for path in (base, f"{base}/dosing", f"{base}/timeline", f"{base}/report"):
            assert app_client.get(path).status_code == 200, path
        plan = phone.get("/me/plan")
        assert "Next reduction held" in plan.text  # shown although not stored
        assert answered > 20
        assert state(services) == before
