"""Web sign-in, CSRF, session fixation, security headers and body limits."""

from __future__ import annotations

from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from speciosa.entrypoints.web.session import SESSION_COOKIE
from tests.conftest import csrf_from, make_user, web_sign_in
from tests.support.database import unit_of_work


def test_sign_in_lands_each_role_on_its_home(client: TestClient, services: Services) -> None:
    for role, home, text in [
        (Role.PERSON, "/me", "Hello"),
        (Role.CLINICIAN, "/clinic", "Your persons"),
        (Role.ADMIN, "/admin", "Accounts"),
    ]:
        user = make_user(services, role)
        client.cookies.clear()
        web_sign_in(client, user)
        page = client.get("/")
        assert page.url.path == home
        assert text in page.text


def test_pages_need_sign_in(client: TestClient) -> None:
    response = client.get("/me", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/me"


def test_a_forged_form_is_rejected_and_changes_nothing(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON)
    clinician = make_user(services, Role.CLINICIAN)
    web_sign_in(client, person)
    for token in [None, "forged-token"]:
        data = {"clinician_id": clinician.id} | ({"csrf_token": token} if token else {})
        response = client.post("/me/sharing/grant", data=data)
        assert response.status_code == 403
        assert "expired" in response.text
    with unit_of_work(services) as uow:
        assert uow.consents.for_person(person.id) == []


def test_a_real_form_works(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    clinician = make_user(services, Role.CLINICIAN, "Dr Kim")
    csrf = web_sign_in(client, person)
    response = client.post(
        "/me/sharing/grant", data={"clinician_id": clinician.id, "csrf_token": csrf}
    )
    assert response.status_code == 200
    assert "Access granted" in response.text
    assert "Dr Kim" in response.text


def test_sign_in_form_itself_needs_its_csrf_cookie(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    response = client.post(
        "/sign-in", data={"email": person.email, "password": "x", "csrf_token": "a"}
    )
    assert response.status_code == 403


def test_session_fixation_is_prevented(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    client.cookies.set(SESSION_COOKIE, "planted-by-attacker", domain="testserver.local")
    web_sign_in(client, person)
    assert client.cookies.get(SESSION_COOKIE) not in (None, "planted-by-attacker")


def test_session_cookie_flags(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    token = csrf_from(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={"email": person.email, "password": "correct horse battery", "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_sign_out_ends_the_session(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON)
    csrf = web_sign_in(client, person)
    client.post("/sign-out", data={"csrf_token": csrf})
    assert client.get("/me", follow_redirects=False).status_code == 303


def test_security_headers_on_every_page(client: TestClient) -> None:
    for path in ["/sign-in", "/healthz", "/api/v1/me", "/nowhere"]:
        headers = client.get(path).headers
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_oversized_bodies_are_refused_before_parsing(client: TestClient) -> None:
    response = client.post(
        "/api/v1/consents",
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/too-large"


def test_an_open_redirect_after_sign_in_is_not_possible(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON)
    token = csrf_from(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={
            "email": person.email,
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/me"
