"""The check-in API contract (issue 3) on SQLite and PostgreSQL: record, idempotent retry,
409, 422 naming the item, cursor pagination (garbage cursors are 422, never 500), and who may
see what."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.domain.foundation.audit import AuditAction
from speciosa.services.dosing.taper_drafts import PlanDraft
from tests.conftest import NOW, api_token, make_user
from tests.support.instruments import COWS_ANSWERS, SOWS_ITEMS
from tests.support.instruments import sows as sows_totalling


def sows(value: int = 1, **overrides: object) -> dict[str, Any]:
    return dict.fromkeys(SOWS_ITEMS, value) | overrides


def actor(user: User) -> Actor:
    return Actor(user.id, user.role, user.name)


@pytest.fixture
def people(services: Services, client: TestClient) -> dict[str, Any]:
    person = make_user(services, Role.PERSON, "Pat Person")
    other = make_user(services, Role.PERSON, "Olive Other")
    clinician = make_user(services, Role.CLINICIAN, "Dr Cara")
    stranger = make_user(services, Role.CLINICIAN, "Dr Stranger")
    services.consent.grant(actor(person), clinician.id)
    return {
        "person": person,
        "other": other,
        "clinician": clinician,
        "h_person": api_token(client, person),
        "h_other": api_token(client, other),
        "h_clinician": api_token(client, clinician),
        "h_stranger": api_token(client, stranger),
    }


def post(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/api/v1/checkins", json=body, headers=headers)


def test_a_person_records_a_sows_and_gets_total_and_band(
    client: TestClient, people: dict[str, Any]
) -> None:
    checkin_id = str(uuid.uuid4())
    response = post(
        client,
        people["h_person"],
        {"id": checkin_id, "instrument": "sows", "answers": sows(1, anxious=3)},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == checkin_id
    assert body["person_id"] == people["person"].id
    assert body["total"] == 18 == sum(i["score"] for i in body["items"])
    assert body["band"] == "moderate"
    assert body["band_authority"] == "NIDA CTN"
    assert body["max_total"] == 64
    got = client.get(f"/api/v1/checkins/{checkin_id}", headers=people["h_person"])
    assert got.status_code == 200
    assert got.json() == body


def test_a_retry_returns_the_same_record_and_a_changed_body_is_409(
    client: TestClient, services: Services, people: dict[str, Any]
) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "instrument": "sows",
        "answers": sows(2),
        "taken_at": (NOW - timedelta(hours=1)).isoformat(),
    }
    first = post(client, people["h_person"], body)
    again = post(client, people["h_person"], body)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    changed = post(client, people["h_person"], body | {"answers": sows(3)})
    assert changed.status_code == 409
    assert changed.headers["content-type"] == "application/problem+json"
    listed = client.get("/api/v1/checkins", headers=people["h_person"]).json()
    assert [c["id"] for c in listed["items"]] == [body["id"]]
    assert listed["items"][0]["total"] == 32


def test_another_persons_id_is_409_and_changes_nothing(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(1)}
    assert post(client, people["h_person"], body).status_code == 201
    clash = post(client, people["h_other"], body)
    assert clash.status_code == 409
    assert people["person"].id not in clash.text
    assert (
        client.get(f"/api/v1/checkins/{body['id']}", headers=people["h_other"]).status_code == 404
    )
    mine = client.get(f"/api/v1/checkins/{body['id']}", headers=people["h_person"]).json()
    assert mine["total"] == 16


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        (sows(1, anxious=5), "answers.anxious", ["anxious", "0, 1, 2, 3 or 4"]),
        (sows(1, anxious="3"), "answers.anxious", ["anxious", "whole number"]),
        (sows(1, anxious=2.5), "answers.anxious", ["anxious", "0, 1, 2, 3 or 4"]),
        (sows(1, anxious=True), "answers.anxious", ["anxious"]),
        (dict.fromkeys(SOWS_ITEMS[1:], 1), "answers.anxious", ["anxious", "missing"]),
        (sows(1, sleepy=2), "answers.sleepy", ["sleepy", "not a SOWS item"]),
    ],
)
def test_invalid_answers_are_422_naming_the_item(
    client: TestClient,
    people: dict[str, Any],
    answers: dict[str, Any],
    field: str,
    words: list[str],
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": answers}
    response = post(client, people["h_person"], body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["field"] == field
    for word in words:
        assert word in problem["detail"]
    assert client.get("/api/v1/checkins", headers=people["h_person"]).json()["items"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"instrument": "gossop"}, "instrument"),
        ({"id": "not-a-uuid"}, "id"),
        ({"taken_at": "yesterday"}, "taken_at"),
        ({"taken_at": "2026-11-25T08:00:00"}, "taken_at"),
        ({"taken_at": (NOW + timedelta(days=1)).isoformat()}, "taken_at"),
        ({"taken_at": "0001-01-01T00:00:00+05:00"}, "taken_at"),
        ({"taken_at": "2019-01-01T00:00:00Z"}, "taken_at"),
        ({"extra": 1}, "extra"),
        ({"answers": [1, 2]}, "answers"),
    ],
)
def test_other_invalid_bodies_are_422(
    client: TestClient, people: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(1)} | change
    response = post(client, people["h_person"], body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_a_clinician_records_cows_with_pulse_in_bpm_for_a_consenting_person(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "instrument": "cows",
        "answers": COWS_ANSWERS,
        "person_id": people["person"].id,
    }
    response = post(client, people["h_clinician"], body)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert (stored["total"], stored["band"]) == (16, "moderate")
    assert stored["answers"]["pulse"] == 2
    assert stored["measurements"] == {"pulse_bpm": 104}
    assert sum(stored["answers"].values()) == stored["total"]
    pulse = next(i for i in stored["items"] if i["id"] == "pulse_bpm")
    assert pulse == {"id": "pulse_bpm", "value": 104, "score": 2, "text": "pulse rate 101-120"}
    # Without consent: 404, and nothing is stored.
    denied = post(client, people["h_stranger"], body | {"id": str(uuid.uuid4())})
    assert denied.status_code == 404
    # A clinician must say whose check-in it is.
    missing = post(
        client,
        people["h_clinician"],
        {k: v for k, v in body.items() if k != "person_id"} | {"id": str(uuid.uuid4())},
    )
    assert missing.status_code == 422
    assert missing.json()["field"] == "person_id"


def test_a_person_cannot_record_a_clinician_rated_instrument(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "cows", "answers": COWS_ANSWERS}
    assert post(client, people["h_person"], body).status_code == 403


def test_reads_are_limited_to_the_person_and_consenting_clinicians(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(1)}
    assert post(client, people["h_person"], body).status_code == 201
    path = f"/api/v1/checkins/{body['id']}"
    assert client.get(path, headers=people["h_clinician"]).status_code == 200
    assert client.get(path, headers=people["h_stranger"]).status_code == 404
    assert client.get(path, headers=people["h_other"]).status_code == 404
    assert client.get("/api/v1/checkins/nonsense", headers=people["h_person"]).status_code == 404
    pid = people["person"].id
    listed = client.get(f"/api/v1/checkins?person_id={pid}", headers=people["h_clinician"])
    assert [c["id"] for c in listed.json()["items"]] == [body["id"]]
    assert (
        client.get(f"/api/v1/checkins?person_id={pid}", headers=people["h_stranger"]).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/checkins?person_id={pid}", headers=people["h_other"]).status_code
        == 404
    )


def test_pagination_walks_every_checkin_once_newest_first(
    client: TestClient, people: dict[str, Any]
) -> None:
    ids = []
    for hours in range(7):
        body = {
            "id": str(uuid.uuid4()),
            "instrument": "sows",
            "answers": sows(hours % 4),
            "taken_at": (NOW - timedelta(hours=hours)).isoformat(),
        }
        assert post(client, people["h_person"], body).status_code == 201
        ids.append(body["id"])
    seen: list[str] = []
    url = "/api/v1/checkins?limit=3"
    while True:
        page = client.get(url, headers=people["h_person"]).json()
        seen += [c["id"] for c in page["items"]]
        if page["next"] is None:
            break
        url = f"/api/v1/checkins?limit=3&cursor={page['next']}"
    assert seen == ids


@pytest.mark.parametrize(
    "query",
    [
        "cursor=garbage",
        "cursor=%00%01",
        "cursor=" + "A" * 40,
        "cursor=MjAyNnxub3BlCg",
        # "0001-01-01T00:00:00+05:00|<uuid>": valid ISO-8601 that falls before year 1 in UTC
        "cursor=MDAwMS0wMS0wMVQwMDowMDowMCswNTowMHwwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA",
        "limit=0",
        "limit=abc",
        "limit=100000",
    ],
)
def test_garbage_cursors_and_limits_are_422_not_500(
    client: TestClient, people: dict[str, Any], query: str
) -> None:
    response = client.get(f"/api/v1/checkins?{query}", headers=people["h_person"])
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_a_severe_checkin_raises_an_alert_in_the_same_transaction(
    client: TestClient, people: dict[str, Any]
) -> None:
    body = {"id": str(uuid.uuid4()), "instrument": "sows", "answers": sows(2)}  # 32: severe
    assert post(client, people["h_person"], body).status_code == 201
    alerts = client.get(
        f"/api/v1/alerts?person_id={people['person'].id}", headers=people["h_clinician"]
    ).json()["items"]
    assert [a["kind"] for a in alerts] == ["withdrawal_severe"]
    assert "32" in alerts[0]["title"]
    assert alerts[0]["facts"]["checkin_id"] == body["id"]


def test_a_rising_checkin_holds_the_next_taper_step_and_the_audit_shows_the_review(
    client: TestClient, services: Services, people: dict[str, Any]
) -> None:
    """The check-in -> taper hold hop, through the API: each new check-in's hold review leaves
    an audit row with its outcome, attributed to whoever recorded the check-in; a retry of a
    stored check-in reviews nothing."""
    person, clinician = actor(people["person"]), actor(people["clinician"])
    draft = PlanDraft(
        substance="kratom",
        start_amount="6",
        unit_step="0.5",
        reduction_pct="10",
        every_days=7,
        start_date=NOW.date().isoformat(),
    )
    plan = services.tapers.create_draft(clinician, person.user_id, draft)
    services.tapers.approve(clinician, plan.id, start_reason="Agreed at the visit.")
    bodies = [
        {
            "id": str(uuid.uuid4()),
            "instrument": "sows",
            "answers": sows_totalling(total),
            "taken_at": (NOW - timedelta(days=days_ago, hours=1)).isoformat(),
        }
        for total, days_ago in ((4, 2), (5, 1), (14, 0))  # +10 within 3 days; the rule is 6
    ]
    for body in bodies:
        assert post(client, people["h_person"], body).status_code == 201
    holds = services.tapers.plans_for(clinician, person.user_id)[0].holds
    assert [(h.step_index, h.days, h.from_total, h.to_total) for h in holds] == [(1, 7, 4, 14)]

    def reviews() -> dict[str | None, tuple[str | None, str]]:
        events = services.audit.for_own_record(person)
        found = [e for e in events if e.resource == "taper_hold_review"]
        assert all(e.action is AuditAction.READ for e in found)
        return {e.resource_id: (e.actor_id, e.detail) for e in found}

    assert reviews() == {
        bodies[0]["id"]: (person.user_id, "no hold placed"),
        bodies[1]["id"]: (person.user_id, "no hold placed"),
        bodies[2]["id"]: (person.user_id, "1 hold placed: step 1 held 7 days"),
    }
    assert post(client, people["h_person"], bodies[2]).status_code == 200  # a retry
    assert len(reviews()) == 3
    # The hold itself stays the plan's rule (no actor), as before the hop was explicit.
    held = [e for e in services.audit.for_own_record(person) if e.resource == "taper_hold"]
    assert [(e.resource_id, e.actor_id) for e in held] == [(holds[0].id, None)]
