"""The authorisation matrix (issue #9, point 3): every route × every role, from the route table.

The expectation table lives in `tests/reliability/authorisation/` — one `Rule` per route, one
module per feature; its docstring says how to add rows. This file
- fails for any route of the app without a rule (so a new route cannot be missed) and for any
  rule whose route is gone;
- sends each rule's valid request as anonymous, the owner, another person, the consented
  clinician, a clinician without consent and the admin, and asserts each answer; a successful
  call on a person-scoped route must itself write an audit row by the caller about that person's
  record (issue 13: every person-scoped read is audited); a refused write must change
  nothing; API refusals are problem JSON; a 404 refusal of a record named by id reads exactly
  like the answer about an id that does not exist (never whose record it is); no clinical text
  reaches a log line;
- checks that every /api/v1 route but the token endpoint refuses a missing, tampered, expired,
  disabled-account or wrong-kind token with 401, and that the OpenAPI document is public;
- checks CSRF on every web form (the forms are taken from the route table), sign-in throttling
  (issue 15: progressive delays per account-and-address and per address, 429 + Retry-After,
  never an account lock: the right password from another address or known device works), session
  fixation, security headers on every page and error, and Secure cookies over HTTPS.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx2 as httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.accounts import Role, User
from speciosa.entrypoints.app import create_app
from speciosa.entrypoints.route_table import route_table
from speciosa.entrypoints.web.session import PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE
from speciosa.services.foundation.accounts import NewUser
from speciosa.services.foundation.authentication import API_TOKEN_LIFETIME, WEB_SESSION_LIFETIME
from speciosa.settings import Settings
from tests.conftest import NOW, PASSWORD, csrf_from
from tests.reliability.authorisation import ORDER, Call, Rule, Who, all_rules
from tests.reliability.authorisation.world import CANARY, World, world_on
from tests.support.live_server import serve_in_thread

RULES = all_rules()
PUBLIC_API = {("POST", "/api/v1/auth/token")}
# Rows that a refused request may add: the attempt itself is recorded, nothing else.
# Issue 15: a refused person-scoped request is recorded in the security log.
BOOKKEEPING = frozenset({"auth_sessions", "login_attempts", "audit_events", "security_events"})
DUMMY_ID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world for the whole table: rules build fresh records for whatever they consume."""
    data_dir = tmp_path_factory.mktemp("matrix") / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data_dir), fast_password_hashing=True)
    services = bootstrap(settings, clock=FixedClock(NOW))
    try:
        with world_on(services, create_app(settings, services)) as world:
            yield world
    finally:
        services.close()


@pytest.fixture
def world(shared_world: World) -> World:
    shared_world.ensure_signed_in()
    return shared_world


@pytest.fixture
def own_world(settings: Settings, clock: FixedClock) -> Iterator[World]:
    """A world of its own, for tests that move the clock, disable accounts or trip limits."""
    services = bootstrap(settings, clock=clock)
    try:
        with world_on(services, create_app(settings, services)) as world:
            yield world
    finally:
        services.close()


def is_api(rule: Rule) -> bool:
    return rule.path.startswith(("/api/", "/fhir/"))


def send(
    world: World, rule: Rule, who: Who, call: Call, *, csrf: str | None = "valid"
) -> httpx.Response:
    """The request as `who` would send it: bearer token for the API, session cookie for pages."""
    url = rule.path.format(**call.path)
    headers = dict(call.headers)
    form = dict(call.form) if call.form is not None else None
    if is_api(rule):
        client = world.api_client()  # no cookies: the API must not honour a web session
        headers |= world.bearer[who]
    else:
        client = world.client(who)
        if csrf == "valid":
            csrf = world.csrf[who]
        if rule.method != "GET" and csrf is not None:
            form = {**(form or {}), "csrf_token": csrf}
    return client.request(
        rule.method,
        url,
        params=dict(call.query),
        json=call.json,
        data=form,
        files=dict(call.files) if call.files is not None else None,
        headers=headers,
        follow_redirects=False,
    )


def newest_audit_row(world: World) -> int:
    with world.engine.connect() as connection:
        newest = connection.execute(sa.text("SELECT max(id) FROM audit_events")).scalar_one()
    return int(newest or 0)


def audited_since(world: World, after: int) -> set[tuple[str, str]]:
    """(actor, person) of every audit row about a person written after row `after`."""
    with world.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT actor_id, person_id FROM audit_events "
                "WHERE id > :after AND person_id IS NOT NULL AND actor_id IS NOT NULL"
            ),
            {"after": after},
        ).all()
    return {(str(actor), str(person)) for actor, person in rows}


def whose_record(world: World, who: Who) -> User | None:
    """The person whose record an allowed request by `who` reads or writes: the owner's (the
    owner, the clinician they consented to); the other person's own (their own pages). The
    clinician without consent and the admin reach no one's record."""
    if who in (Who.OWNER, Who.CLINICIAN):
        return world.owner
    if who is Who.OTHER_PERSON:
        return world.users[who]
    return None


def server_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the server logged (the test client's own request lines left out)."""
    return "\n".join(
        f"{r.name}: {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore"))
    )


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def unlike_absence(world: World, rule: Rule, who: Who, call: Call, refused: httpx.Response) -> str:
    """A refusal of a record named by id must read exactly like the answer about a record that
    does not exist: same status, same words (the ids aside) — never whose record it is."""
    ids = {name: value for name, value in call.path.items() if UUID.fullmatch(value)}
    if len(ids) > 1:
        # The caller named the person: the record's id must not tell whether it exists.
        ids.pop("person_id", None)
    if not ids:
        return ""
    absent = send(
        world, rule, who, replace(call, path={**call.path, **dict.fromkeys(ids, DUMMY_ID)})
    )
    text = refused.text
    for value in ids.values():
        text = text.replace(value, DUMMY_ID)
    if (refused.status_code, text) == (absent.status_code, absent.text):
        return ""
    return (
        f"{who.value}: the refusal differs from the answer for a record that does not exist "
        f"({refused.status_code} {_detail(refused)!r} vs {absent.status_code} {_detail(absent)!r})"
    )


def _detail(response: httpx.Response) -> str:
    if response.headers.get("content-type") == "application/problem+json":
        return str(response.json().get("detail"))
    found = re.search(r"<main.*?</main>", response.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0) if found else response.text).split())


def succeeded(response: httpx.Response) -> bool:
    if response.status_code < 300:
        return True
    location = response.headers.get("location", "")
    return response.status_code == 303 and not location.startswith("/sign-in?next=")


# ------------------------------------------------------------------------------- coverage


def test_every_route_has_exactly_one_rule(sqlite_services: Services) -> None:
    app = create_app(sqlite_services.settings, sqlite_services)
    routes = {(e.method, e.path) for e in route_table(app)}
    ruled = {r.key for r in RULES}
    assert len(routes) >= 25
    missing = sorted(routes - ruled)
    assert not missing, (
        f"routes without a rule in tests/reliability/authorisation/ (see its docstring): {missing}"
    )
    assert not sorted(ruled - routes), f"rules for routes that do not exist: {ruled - routes}"


# --------------------------------------------------------------------------------- matrix


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_role_gets_the_expected_answer(
    rule: Rule, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong: list[str] = []
    for who in ORDER:
        call = rule.call(world, who)
        user = world.user(who)
        audit_mark = newest_audit_row(world)
        before = world.state(BOOKKEEPING) if rule.method != "GET" else None
        response = send(world, rule, who, call)
        expected = rule.expect[who]
        got = response.status_code
        if got != expected:
            wrong.append(f"{who.value}: expected {expected}, got {got}: {response.text[:160]}")
            continue
        if succeeded(response):
            # This request's own rows (by the caller, about the record's person): a row by
            # another caller, or about someone else, does not count.
            subject = whose_record(world, who)
            audited = audited_since(world, audit_mark) if rule.clinical and subject else set()
            if rule.clinical and user and subject and (user.id, subject.id) not in audited:
                wrong.append(
                    f"{who.value}: {got} on a person-scoped route left no audit row by "
                    f"{who.value} about {subject.name}'s record"
                )
        elif before is not None and world.state(BOOKKEEPING) != before:
            wrong.append(f"{who.value}: refused with {got} but the database changed")
        if got == 404 and (leak := unlike_absence(world, rule, who, call, response)):
            wrong.append(leak)
        if is_api(rule) and got >= 400:
            # The FHIR API answers errors as FHIR does (OperationOutcome); /api/v1 as problem JSON.
            fhir = rule.path.startswith("/fhir/")
            media = "application/fhir+json" if fhir else "application/problem+json"
            if response.headers.get("content-type") != media:
                wrong.append(f"{who.value}: {got} is not {media}")
            elif fhir and response.json().get("resourceType") != "OperationOutcome":
                wrong.append(f"{who.value}: {got} is not an OperationOutcome")
            if got == 401 and response.headers.get("www-authenticate") != "Bearer":
                wrong.append(f"{who.value}: 401 without WWW-Authenticate: Bearer")
    assert not wrong, f"{rule.id}:\n" + "\n".join(wrong)
    assert CANARY not in server_log(caplog), "clinical text reached the logs"


# ------------------------------------------------------------------------- bearer tokens


def api_routes(world: World) -> list[tuple[str, str]]:
    return [
        (e.method, re.sub(r"\{[^}]+\}", DUMMY_ID, e.path))
        for e in route_table(world.app)
        if e.api and (e.method, e.path) not in PUBLIC_API
    ]


def assert_all_401(world: World, headers: dict[str, str], cookies: dict[str, str]) -> int:
    client = world.new_client(cookies=cookies)
    checked = 0
    for method, path in api_routes(world):
        response = client.request(method, path, headers=headers)
        assert response.status_code == 401, (method, path, headers, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["content-type"] == "application/problem+json"
        checked += 1
    return checked


def test_every_api_route_refuses_a_missing_tampered_or_foreign_token(world: World) -> None:
    token = world.bearer[Who.OWNER]["Authorization"].removeprefix("Bearer ")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    session_cookie = world.client(Who.OWNER).cookies.get(SESSION_COOKIE)
    assert session_cookie
    variants: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, {}),
        ({"Authorization": f"Bearer {tampered}"}, {}),
        ({"Authorization": f"Bearer {token.upper()}"}, {}),
        ({"Authorization": f"Basic {token}"}, {}),
        ({"Authorization": "Bearer"}, {}),
        # A web session's secret is not an API token, in a header or as the cookie.
        ({"Authorization": f"Bearer {session_cookie}"}, {}),
        ({}, {SESSION_COOKIE: session_cookie}),
    ]
    checked = sum(assert_all_401(world, h, c) for h, c in variants)
    assert checked >= 7 * 10
    # The test can fail: the genuine token opens the same routes.
    assert world.new_client().get("/api/v1/me", headers=world.bearer[Who.OWNER]).is_success


def test_expired_tokens_and_disabled_accounts_are_401(own_world: World, clock: FixedClock) -> None:
    world = own_world
    owner = world.bearer[Who.OWNER]
    clock.set(NOW + API_TOKEN_LIFETIME - timedelta(seconds=1))
    assert world.new_client().get("/api/v1/me", headers=owner).status_code == 200
    clock.set(NOW + API_TOKEN_LIFETIME)
    assert assert_all_401(world, owner, {}) >= 10
    clock.set(NOW)
    other = world.users[Who.OTHER_PERSON]
    world.services.accounts.set_disabled(world.actor_of(Who.ADMIN), other.id, True)
    assert assert_all_401(world, world.bearer[Who.OTHER_PERSON], {}) >= 10


def test_web_sessions_expire(own_world: World, clock: FixedClock) -> None:
    client = own_world.client(Who.OWNER)
    clock.set(NOW + WEB_SESSION_LIFETIME - timedelta(seconds=1))
    assert client.get("/me", follow_redirects=False).status_code == 200
    clock.set(NOW + WEB_SESSION_LIFETIME)
    assert client.get("/me", follow_redirects=False).headers["location"] == "/sign-in?next=/me"


def test_the_openapi_document_is_public_and_lists_every_api_route(world: World) -> None:
    response = world.new_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for entry in route_table(world.app):
        if entry.api:
            assert entry.method.lower() in paths[entry.path], entry


# -------------------------------------------------------------------------------- CSRF

WEB_FORMS = [r for r in RULES if not is_api(r) and r.method != "GET"]


def acting_role(rule: Rule) -> Who:
    """A role for which the form succeeds (a signed-in one where there is one)."""
    for who in reversed(ORDER):
        if who is not Who.ANONYMOUS and rule.expect[who] in (200, 201, 204, 303):
            return who
    return Who.ANONYMOUS


@pytest.mark.parametrize("rule", WEB_FORMS, ids=[r.id for r in WEB_FORMS])
def test_every_web_form_refuses_a_missing_or_foreign_csrf_token(rule: Rule, world: World) -> None:
    who = acting_role(rule)
    foreign = world.csrf[Who.ADMIN if who is not Who.ADMIN else Who.OWNER]
    for token in (None, "", "forged-token", foreign):
        call = rule.call(world, who)
        before = world.state()
        response = send(world, rule, who, call, csrf=token)
        assert response.status_code == 403, (who, token, response.text[:200])
        assert "expired" in response.text
        assert world.state() == before, "a refused form changed data"
    # The test can fail: the same form with the right token is accepted.
    assert succeeded(send(world, rule, who, rule.call(world, who)))


def test_the_web_router_cannot_be_posted_to_with_json_to_dodge_csrf(world: World) -> None:
    client = world.client(Who.OWNER)
    response = client.post("/me/sharing/research", json={"consented": "1"})
    assert response.status_code == 403


# ------------------------------------------------------------------------ rate limiting


def _fresh_person(world: World) -> tuple[str, str]:
    user = world.new_user(Role.PERSON)
    return user.email, PASSWORD


def api_login(client: TestClient, email: str, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def web_login(client: TestClient, email: str, password: str) -> httpx.Response:
    token = csrf_from(client.get("/sign-in").text)
    return client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


@pytest.mark.parametrize("login", [api_login, web_login], ids=["api", "web"])
def test_failures_delay_one_place_and_never_lock_the_account(
    own_world: World, clock: FixedClock, login: Any
) -> None:
    """Issue 15: progressive delays per (account, address); no account lock."""
    world = own_world
    email, password = _fresh_person(world)
    client = world.new_client(client=("192.0.2.10", 4000))
    for attempt in range(5):
        assert login(client, email, f"wrong-{attempt}").status_code == 401
    limited = login(client, email, password)  # checked before the password: the same answer
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) == 1
    # Another address is not held up at all.
    elsewhere = world.new_client(client=("192.0.2.99", 4000))
    assert login(elsewhere, email, password).status_code in (200, 303)
    clock.set(NOW + timedelta(seconds=1))
    assert login(client, email, password).status_code in (200, 303)


@pytest.mark.parametrize("login", [api_login, web_login], ids=["api", "web"])
def test_a_clinician_with_50_anonymous_failures_from_one_address_still_signs_in(
    own_world: World, clock: FixedClock, login: Any
) -> None:
    world = own_world
    clinician = world.new_user(Role.CLINICIAN)
    # The clinician's own browser or app, behind the same network address as the attacker,
    # signed in once before (it keeps the known-device cookie).
    own_device = world.new_client(client=("203.0.113.7", 4000))
    assert login(own_device, clinician.email, PASSWORD).status_code in (200, 303)
    attacker = world.new_client(client=("203.0.113.7", 5000))
    failures = waits = 0
    now = NOW
    for attempt in range(200):  # bounded; 50 failures take about 60 attempts
        if failures == 50:
            break
        answer = login(attacker, clinician.email, f"guess-{attempt}")
        if answer.status_code == 401:
            failures += 1
        else:
            assert answer.status_code == 429
            waits += 1
            now += timedelta(seconds=int(answer.headers["Retry-After"]))
            clock.set(now)
    assert failures == 50
    assert waits > 0
    assert login(attacker, clinician.email, PASSWORD).status_code == 429  # that place waits
    elsewhere = world.new_client(client=("198.51.100.20", 4000))
    assert login(elsewhere, clinician.email, PASSWORD).status_code in (200, 303)
    assert login(own_device, clinician.email, PASSWORD).status_code in (200, 303)


@pytest.mark.parametrize("login", [api_login, web_login], ids=["api", "web"])
def test_guessing_from_one_address_is_slowed(own_world: World, login: Any) -> None:
    world = own_world
    client = world.new_client(client=("192.0.2.20", 4000))
    for attempt in range(50):
        # Spread over many accounts (most of them unknown), so no per-account delay is reached.
        assert login(client, f"nobody{attempt}@example.org", "wrong").status_code == 401
    email, password = _fresh_person(world)
    limited = login(client, email, password)
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    other_address = world.new_client(client=("192.0.2.21", 4000))
    assert login(other_address, email, password).status_code in (200, 303)


def test_passwords_are_stored_as_argon2id(world: World) -> None:
    with world.engine.connect() as connection:
        hashes = connection.execute(sa.text("SELECT password_hash FROM users")).scalars().all()
    assert hashes
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


# ------------------------------------------------------------------- sessions and cookies


def set_cookies(response: httpx.Response) -> dict[str, str]:
    return {
        value.split("=", 1)[0]: value
        for key, value in response.headers.multi_items()
        if key == "set-cookie"
    }


def test_session_fixation_is_prevented(world: World) -> None:
    owner = world.owner
    client = world.new_client()
    planted = "planted-by-attacker"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
    page = client.get("/sign-in")
    token = csrf_from(page.text)
    response = client.post(
        "/sign-in",
        data={"email": owner.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookies = set_cookies(response)
    issued = cookies[SESSION_COOKIE].split(";")[0].split("=", 1)[1]
    assert issued != planted
    assert (
        "Max-Age=0" in cookies[PRE_SESSION_CSRF_COOKIE]
        or "expires=" in cookies[PRE_SESSION_CSRF_COOKIE].lower()
    ), "the pre-session CSRF cookie outlived sign-in"
    signed_in = world.new_client()
    signed_in.cookies.set(SESSION_COOKIE, issued)
    assert csrf_from(signed_in.get("/me/sharing").text) != token, "CSRF token survived sign-in"
    # Signing in again issues yet another session id.
    again = world.new_client()
    second = set_cookies(web_login(again, owner.email, PASSWORD))[SESSION_COOKIE]
    assert second.split(";")[0].split("=", 1)[1] not in (issued, planted)
    # The planted value opens nothing.
    attacker = world.new_client()
    attacker.cookies.set(SESSION_COOKIE, planted)
    assert attacker.get("/me", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("base_url", "forwarded", "configured", "secure"),
    [
        ("https://testserver", {}, None, True),
        ("http://testserver", {}, None, False),
        # X-Forwarded-Proto is not believed unless `serve --trusted-proxies` says whom to believe.
        ("http://testserver", {"X-Forwarded-Proto": "https"}, None, False),
        ("http://testserver", {}, True, True),
    ],
)
def test_cookies_are_secure_over_https(
    settings: Settings,
    base_url: str,
    forwarded: dict[str, str],
    configured: bool | None,
    secure: bool,
) -> None:
    configured_settings = replace(settings, secure_cookies=configured)
    services = bootstrap(configured_settings)
    try:
        person = services.accounts.create_user(
            NewUser(email="cookie@example.org", role=Role.PERSON, password=PASSWORD)
        )
        with TestClient(
            create_app(configured_settings, services), base_url=base_url, headers=forwarded
        ) as client:
            page = client.get("/sign-in")
            pre = set_cookies(page)[PRE_SESSION_CSRF_COOKIE]
            # Over plain http a Secure cookie is not sent back by itself: send it as a proxy would.
            client.cookies.set(PRE_SESSION_CSRF_COOKIE, pre.split(";")[0].split("=", 1)[1])
            response = client.post(
                "/sign-in",
                data={
                    "email": person.email,
                    "password": PASSWORD,
                    "csrf_token": csrf_from(page.text),
                },
                follow_redirects=False,
            )
            assert response.status_code == 303, response.text[:300]
            session = set_cookies(response)[SESSION_COOKIE]
    finally:
        services.close()
    for cookie in (pre, session):
        assert ("; secure" in cookie.lower()) is secure, cookie
        assert "httponly" in cookie.lower()
        assert "samesite" in cookie.lower()


# ---------------------------------------------------------------------- security headers


def assert_security_headers(response: httpx.Response, where: str) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    assert csp, where
    assert "unsafe-inline" not in csp, where
    assert "unsafe-eval" not in csp, where
    assert "frame-ancestors 'none'" in csp, where
    assert "script-src 'self'" in csp, where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "same-origin", where


def test_security_headers_on_every_page_api_answer_and_error(world: World) -> None:
    checked = 0
    for rule in RULES:
        if rule.method != "GET":
            continue
        for who in (Who.OWNER, Who.CLINICIAN, Who.ADMIN, Who.ANONYMOUS):
            response = send(world, rule, who, rule.call(world, who))
            assert_security_headers(response, f"{rule.id} as {who.value}")
            checked += 1
    bare = world.new_client()
    errors = [
        bare.get("/nowhere"),
        bare.get("/api/v1/nowhere"),
        bare.get("/api/v1/me"),
        bare.post(
            "/api/v1/consents",
            content=b"x" * (2 * 1024 * 1024),
            headers={"content-type": "application/json"},
        ),
        bare.post("/api/v1/auth/token", json={"username": "x"}),
        bare.put("/api/v1/me"),
        bare.get("/static/css/app.css"),
    ]
    assert [e.status_code for e in errors] == [404, 404, 401, 413, 415, 405, 200]
    for response in errors:
        assert_security_headers(response, str(response.request.url))
    assert checked >= 40


# --------------------------------------------------------------------------------- logs


def test_a_server_error_logs_no_request_data(
    own_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception's message may quote clinical data (SQLAlchemy's quote the row's values):
    neither our error handler nor the server (uvicorn logs what escapes the app) may log it."""
    world = own_world

    def boom() -> None:
        raise RuntimeError(f"INSERT failed [parameters: ('{CANARY}',)]")

    world.app.add_api_route("/api/v1/boom-for-test", boom, methods=["POST"])
    world.app.add_api_route("/boom-for-test", boom, methods=["GET"])
    caplog.set_level(logging.DEBUG)
    uvicorn_logger = logging.getLogger("uvicorn")
    uvicorn_logger.addHandler(caplog.handler)  # uvicorn's loggers do not propagate to the root
    try:
        with serve_in_thread(world.app) as base:
            api = httpx.post(f"{base}/api/v1/boom-for-test?note={CANARY}", json={"note": CANARY})
            page = httpx.get(f"{base}/boom-for-test")
    finally:
        uvicorn_logger.removeHandler(caplog.handler)
    assert api.status_code == 500
    assert api.headers["content-type"] == "application/problem+json"
    assert page.status_code == 500
    assert "Server error" in page.text
    for response in (api, page):
        assert CANARY not in response.text
        assert_security_headers(response, "500")
    assert "unhandled RuntimeError" in server_log(caplog)
    assert CANARY not in server_log(caplog)
