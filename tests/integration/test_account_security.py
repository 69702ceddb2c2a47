"""Issue 15 over HTTP, on SQLite and PostgreSQL: account lifecycle (disable, password change,
token revocation, strength), the security log of refused reads, http(s)-only web addresses and
HSTS."""

from __future__ import annotations

from datetime import timedelta

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.app import create_app
from speciosa.services.foundation.accounts import NewUser
from tests.conftest import PASSWORD, api_token, csrf_from, make_user, web_sign_in
from tests.support.live_server import serve_in_thread

NEW_PASSWORD = "lantern orchard pebble"


def test_disable_then_enable_leaves_old_cookies_and_tokens_dead(
    client: TestClient, services: Services
) -> None:
    admin = make_user(services, Role.ADMIN)
    person = make_user(services, Role.PERSON, "Pat Person")
    bearer = api_token(client, person)
    web_sign_in(client, person)
    cookie = dict(client.cookies)
    assert client.get("/me").status_code == 200
    admin_actor = Actor(admin.id, admin.role, admin.name)
    services.accounts.set_disabled(admin_actor, person.id, True)
    services.accounts.set_disabled(admin_actor, person.id, False)
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    with TestClient(create_app(services.settings, services), cookies=cookie) as old_browser:
        assert old_browser.get("/me", follow_redirects=False).status_code == 303  # to sign-in
    # The account itself works again: a new sign-in does.
    assert client.get("/api/v1/me", headers=api_token(client, person)).status_code == 200


def test_common_passwords_are_refused_with_advice(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    bearer = api_token(client, person)
    for weak in ("password", "12345678"):
        refused = client.post(
            "/api/v1/auth/password",
            headers=bearer,
            json={"current_password": PASSWORD, "new_password": weak},
        )
        assert refused.status_code == 422
        body = refused.json()
        assert body["field"] == "new_password"
        assert "too easy to guess" in body["detail"]
        assert "This is a top-10 common password." in body["detail"]
        with pytest.raises(InvalidInput, match="too easy to guess"):
            services.accounts.create_user(
                NewUser(email="weak@example.org", role=Role.PERSON, password=weak)
            )


def test_password_change_over_the_api_ends_every_other_token(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    this, other = api_token(client, person), api_token(client, person)
    wrong = client.post(
        "/api/v1/auth/password",
        headers=this,
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "current_password"
    changed = client.post(
        "/api/v1/auth/password",
        headers=this,
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["other_sessions_ended"] >= 1
    assert client.get("/api/v1/me", headers=this).status_code == 200
    assert client.get("/api/v1/me", headers=other).status_code == 401
    old = {"username": person.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/token", data=old).status_code == 401
    new = {"username": person.email, "password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/token", data=new).status_code == 200


def test_password_change_on_the_web_keeps_this_session_and_ends_others(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    bearer = api_token(client, person)
    csrf = web_sign_in(client, person)
    form = {
        "csrf_token": csrf,
        "current_password": PASSWORD,
        "new_password": "password",
        "confirm_password": "password",
    }
    weak = client.post("/account/password", data=form)
    assert weak.status_code == 422
    assert "too easy to guess" in weak.text
    form |= {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    done = client.post("/account/password", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert "Password changed" in client.get(done.headers["location"]).text
    assert client.get("/me").status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_delete_token_revokes_the_token_in_use(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    this, other = api_token(client, person), api_token(client, person)
    assert client.delete("/api/v1/auth/token", headers=this).status_code == 204
    assert client.get("/api/v1/me", headers=this).status_code == 401
    assert client.get("/api/v1/me", headers=other).status_code == 200


def test_a_reset_code_from_the_admin_page_sets_a_new_password(
    client: TestClient, services: Services
) -> None:
    admin = make_user(services, Role.ADMIN)
    person = make_user(services, Role.PERSON, "Pat Person")
    csrf = web_sign_in(client, admin)
    page = client.post(f"/admin/users/{person.id}/reset-code", data={"csrf_token": csrf})
    assert page.status_code == 200
    code = page.text.split('aria-label="Reset code"><strong>')[1].split("<")[0]
    assert len(code) == 14
    with TestClient(create_app(services.settings, services)) as phone:
        refused = phone.post(
            "/api/v1/auth/token", data={"username": person.email, "password": PASSWORD}
        )
        assert refused.status_code == 401
        assert "reset code" in refused.json()["detail"]
        form = {
            "csrf_token": csrf_from(phone.get("/reset-password").text),
            "email": person.email,
            "code": code,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        }
        done = phone.post("/reset-password", data=form, follow_redirects=False)
        assert done.status_code == 303
        again = phone.post("/reset-password", data=form | {"csrf_token": form["csrf_token"]})
        assert again.status_code == 422  # once only
        new = {"username": person.email, "password": NEW_PASSWORD}
        assert phone.post("/api/v1/auth/token", data=new).status_code == 200


def test_refused_reads_go_to_the_security_log_not_to_who_looked(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    prober = make_user(services, Role.CLINICIAN, "Dr Probe")
    admin = make_user(services, Role.ADMIN)
    probe = api_token(client, prober)
    refused = client.get(f"/api/v1/alerts?person_id={person.id}", headers=probe)
    assert refused.status_code == 404
    events = client.get("/api/v1/security-events", headers=api_token(client, admin)).json()
    mine = [e for e in events["items"] if e["actor_id"] == prober.id]
    assert [(e["kind"], e["target"]) for e in mine] == [("refused-read", f"person {person.id}")]
    assert client.get("/api/v1/security-events", headers=probe).status_code == 403
    looked = client.get("/api/v1/audit", headers=api_token(client, person)).json()["items"]
    assert not [e for e in looked if e["actor_name"] == "Dr Probe"]
    csrf = web_sign_in(client, admin)
    assert csrf
    page = client.get("/admin/security")
    assert page.status_code == 200
    assert "refused-read" in page.text
    assert "Dr Probe" in page.text


def test_a_vendor_website_must_be_http_or_https(sqlite_services: Services) -> None:
    """Checked in the domain, the same on both backends: SQLite only."""
    with TestClient(create_app(sqlite_services.settings, sqlite_services)) as client:
        headers = api_token(client, make_user(sqlite_services, Role.PERSON, "Pat Person"))
        body = {"vendor": "Leafy Co", "name": "Green", "form": "powder", "lot": "L1"}
        for website in ("javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "x.org"):
            refused = client.post(
                "/api/v1/batches", headers=headers, json=body | {"website": website}
            )
            assert refused.status_code == 422, website
            assert refused.json()["field"] == "website"
            assert "https://" in refused.json()["detail"]
        fine = body | {"website": "https://leafy.example"}
        assert client.post("/api/v1/batches", headers=headers, json=fine).status_code == 201


def test_hsts_only_over_https(sqlite_services: Services) -> None:
    app = create_app(sqlite_services.settings, sqlite_services)
    with TestClient(app, base_url="https://clinic.example") as secure:
        assert secure.get("/sign-in").headers["strict-transport-security"] == "max-age=31536000"
        assert "strict-transport-security" in secure.get("/api/v1/me").headers  # errors too
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/sign-in").headers


@pytest.mark.parametrize(("trusted", "hsts"), [("127.0.0.1", True), ("192.0.2.1", False)])
def test_hsts_behind_a_trusted_proxy_only(
    sqlite_services: Services, trusted: str, hsts: bool
) -> None:
    """X-Forwarded-Proto: https counts only from a proxy `--trusted-proxies` names."""
    app = create_app(sqlite_services.settings, sqlite_services)
    with serve_in_thread(app, trusted_proxies=trusted) as base:
        answer = httpx.get(f"{base}/sign-in", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert answer.status_code == 200
    assert ("strict-transport-security" in answer.headers) is hsts


def test_a_clinician_with_50_anonymous_failures_from_one_address_signs_in_from_another(
    services: Services, clock: FixedClock
) -> None:
    """The acceptance's case on both backends (the matrix runs it on SQLite, web and API)."""
    clinician = make_user(services, Role.CLINICIAN, "Dr Cee")
    app = create_app(services.settings, services)
    own = {"username": clinician.email, "password": PASSWORD}
    with (
        TestClient(app, client=("203.0.113.9", 1000)) as own_app,
        TestClient(app, client=("203.0.113.9", 2000)) as attacker,
        TestClient(app, client=("198.51.100.4", 1000)) as elsewhere,
    ):
        assert own_app.post("/api/v1/auth/token", data=own).status_code == 200  # known device
        failures = 0
        for attempt in range(200):  # bounded: 50 failures take about 60 attempts
            if failures == 50:
                break
            guess = {"username": clinician.email, "password": f"guess {attempt}"}
            answer = attacker.post("/api/v1/auth/token", data=guess)
            if answer.status_code == 401:
                failures += 1
            else:
                assert answer.status_code == 429
                clock.set(clock.now() + timedelta(seconds=int(answer.headers["Retry-After"])))
        assert failures == 50
        assert attacker.post("/api/v1/auth/token", data=own).status_code == 429
        assert elsewhere.post("/api/v1/auth/token", data=own).status_code == 200
        assert own_app.post("/api/v1/auth/token", data=own).status_code == 200
