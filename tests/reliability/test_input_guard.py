"""The API-wide input guard (issue #9, point 2): each kind of bad body is a 4xx naming the field.

Table-driven at the unit level (`check_json_body`) and end to end through the app, where every
refusal must be problem JSON, and nothing may be stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.accounts import Role
from speciosa.entrypoints.app import create_app
from speciosa.entrypoints.input_guard import RejectedInput, check_json_body
from speciosa.settings import Settings
from tests.conftest import api_token, make_user

CHECKINS = "/api/v1/checkins"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (b"{not json", "body", "not valid JSON"),
        (b'{"a": 1e400}', "a", "too large"),
        (b'{"a": ' + b"9" * 5000 + b"}", "body", "too large"),
        (b'{"a": {"b": [1, 9007199254740992]}}', "a.b.1", "within"),
        (b'{"a": -9007199254740992}', "a", "within"),
        (b'{"a": NaN}', "body", "NaN"),
        (b'{"a": -Infinity}', "body", "Infinity"),
        (b'{"a": "x\\u0000y"}', "a", "NUL"),
        (b'{"a\\u0000": 1}', "a\x00", "NUL"),
        (b'{"a": "\\ud800"}', "a", "surrogate"),
        (b'{"a": 1, "a": 2}', "a", "twice"),
        (b"\xff\xfe{}", "body", "UTF-8"),
        (b"[" * 40 + b"]" * 40, "0." * 32 + "0", "nested"),
        (b"[" * 3000 + b"]" * 3000, "body", "nested"),
    ],
)
def test_bad_json_is_refused_naming_the_field(body: bytes, field: str, words: str) -> None:
    with pytest.raises(RejectedInput) as refused:
        check_json_body(body)
    assert refused.value.field == field
    assert words in refused.value.detail


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{}",
        b'{"a": 9007199254740991, "b": -1.5e300, "c": "\\u00e9\\ud83d\\ude00", "d": null}',
    ],
)
def test_good_json_passes(body: bytes) -> None:
    check_json_body(body)


@dataclass
class Api:
    client: TestClient
    auth: dict[str, str]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One SQLite-backed app for the table below (the guard answers before any database)."""
    data_dir = tmp_path_factory.mktemp("guard") / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data_dir), fast_password_hashing=True)
    services = bootstrap(settings)
    try:
        person = make_user(services, Role.PERSON)
        with TestClient(create_app(settings, services)) as client:
            yield Api(client, api_token(client, person))
    finally:
        services.close()


@pytest.mark.parametrize(
    ("content", "content_type", "status", "field"),
    [
        (b'{"id": "x"}', "text/plain", 415, "content-type"),
        (b'{"id": "x"}', None, 415, "content-type"),
        (b"id=x", "application/x-www-form-urlencoded", 415, "content-type"),
        (
            b'{"id": "x", "instrument": "sows", "answers": {"anxious": 1e999}}',
            "application/json",
            422,
            "answers.anxious",
        ),
        (
            b'{"id": "x", "instrument": "sows", "answers": {"anxious": "3"}}',
            "application/json",
            422,
            None,
        ),
        (
            b'{"id": "x", "instrument": "sows", "answers": {}, "extra": 1}',
            "application/json",
            422,
            "extra",
        ),
        (b'{"id": 5, "instrument": "sows", "answers": {}}', "application/json", 422, "id"),
        (b"{" + b" " * (2 * 1024 * 1024) + b"}", "application/json", 413, None),
    ],
)
def test_bad_requests_are_4xx_problems_and_store_nothing(
    api: Api, content: bytes, content_type: str | None, status: int, field: str | None
) -> None:
    client, auth = api.client, api.auth
    headers = auth | ({"content-type": content_type} if content_type else {})
    response = client.post(CHECKINS, content=content, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field:
        assert response.json()["field"] == field
    listed = client.get(CHECKINS, headers=auth).json()["items"]
    assert listed == []


def test_garbage_query_parameters_and_cursors_are_422(api: Api) -> None:
    client, auth = api.client, api.auth
    for url, field in [
        ("/api/v1/audit?before=abc", "before"),
        ("/api/v1/audit?limit=0", "limit"),
        ("/api/v1/audit?before=99999999999999999999999", "before"),
        ("/api/v1/alerts?person_id=a%00b", "person_id"),
        ("/api/v1/checkins?cursor=%00", "cursor"),
    ]:
        response = client.get(url, headers=auth)
        assert response.status_code == 422, (url, response.text)
        assert response.json()["field"] == field, url
    garbage = client.get("/api/v1/checkins?cursor=not-a-cursor", headers=auth)
    assert 400 <= garbage.status_code < 500


def test_text_postgresql_cannot_store_is_refused_on_both_databases(
    client: TestClient, services: Services
) -> None:
    """A NUL in a string would make PostgreSQL fail the insert (a 500); it is a 422 instead."""
    auth = api_token(client, make_user(services, Role.PERSON))
    body = b'{"id": "6f1c9a52-8f43-4f4e-9a53-0a8f5d1b2c3d", "instrument": "sows", "answers": {}, '
    response = client.post(
        CHECKINS,
        content=body + b'"note": "a\\u0000b"}',
        headers=auth | {"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "note"
    token = client.post(
        "/api/v1/auth/token", data={"username": "x\x00@example.org", "password": "y"}
    )
    assert token.status_code == 422
    assert token.json()["field"] == "username"
