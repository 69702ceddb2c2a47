"""Issue 12 acceptance: `GET /api/v1/red-flags/checklist` includes suicidal thoughts/self-harm
at emergency urgency (with its sources), and reporting it answers with the crisis line of the
person's jurisdiction and raises the clinician's red-flag alert at once."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from tests.conftest import api_token, make_user


def test_the_checklist_has_self_harm_at_emergency_urgency(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Sam Check")
    flags = client.get("/api/v1/red-flags/checklist", headers=api_token(client, person)).json()
    by_code = {f["code"]: f for f in flags["flags"]}
    self_harm = by_code["suicidal_thoughts"]
    assert self_harm["urgency"] == "emergency"
    assert self_harm["crisis"] is True
    assert "FDA Drug Safety Communication, 9 Apr 2019" in self_harm["source"]
    assert "HHS Guide for Clinicians" in self_harm["source"]
    assert self_harm["as_of"] == "2019-10-10"
    assert {"dehydration", "fainting_or_palpitations", "hallucinations"} <= set(by_code)


def test_reporting_self_harm_gives_the_jurisdictions_crisis_line_and_alerts(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Sam Report")
    clinician = make_user(services, Role.CLINICIAN, "Dr Alert")
    services.consent.grant(Actor(person.id, person.role, person.name), clinician.id)
    person_h = api_token(client, person)
    for jurisdiction, crisis_line, emergency in (
        ("US-TX", "988 (988 Suicide & Crisis Lifeline, call or text)", "911"),
        ("GB", "116 123 (Samaritans)", "999"),
    ):
        client.put("/api/v1/jurisdiction", json={"jurisdiction": jurisdiction}, headers=person_h)
        body = {"flags": ["suicidal_thoughts"], "id": str(uuid.uuid4())}
        out = client.post("/api/v1/red-flags", json=body, headers=person_h).json()
        assert out["urgency"] == "emergency"
        assert out["crisis_line"] == crisis_line
        assert out["emergency_number"] == emergency
        assert out["what_to_do_now"][0].startswith(
            f"Call or text the crisis line now: {crisis_line}"
        )
        assert out["alert_raised"] is True
    alerts = client.get(
        f"/api/v1/alerts?person_id={person.id}&open_only=true",
        headers=api_token(client, clinician),
    ).json()["items"]
    assert [a["kind"] for a in alerts] == ["red_flag", "red_flag"]
