"""Shared fixtures: settings on a temporary data dir, a fixed clock, services, the app, and a
real PostgreSQL server for the integration suite (`db_settings` runs a test on both backends)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.accounts import Role, User
from speciosa.entrypoints.app import create_app
from speciosa.services.foundation.accounts import AccountService, NewUser
from speciosa.settings import Settings
from tests.support.postgres import PostgresServer

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def required(variable: str) -> bool:
    return os.environ.get(variable, "").strip() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer.start()
    except Exception as exc:
        if required("SPECIOSA_REQUIRE_POSTGRES"):
            pytest.fail(f"SPECIOSA_REQUIRE_POSTGRES=1 but PostgreSQL did not start: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """SQLite in a fresh temporary data dir; cheap Argon2 parameters."""
    return replace(
        Settings.from_env({}).with_data_dir(tmp_path / "data"), fast_password_hashing=True
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """The same test on SQLite and on a real PostgreSQL database created for it."""
    if request.param == "sqlite":
        return settings
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return replace(settings, database_url=server.create_database())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(db_settings: Settings, clock: FixedClock) -> Iterator[Services]:
    built = bootstrap(db_settings, clock=clock)
    yield built
    built.close()


@pytest.fixture
def sqlite_services(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    built = bootstrap(settings, clock=clock)
    yield built
    built.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services.settings, services)) as test_client:
        yield test_client


class WithAccounts(Protocol):
    """`Services`, or the service tests' `FakeClinic`: anything with the account service."""

    @property
    def accounts(self) -> AccountService: ...


def make_user(services: WithAccounts, role: Role, name: str | None = None) -> User:
    label = name or role.value
    email = f"{re.sub(r'[^a-z0-9]+', '.', label.lower())}@example.org"
    return services.accounts.create_user(
        NewUser(email=email, role=role, password=PASSWORD, name=name)
    )


def api_token(client: TestClient, user: User) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def web_sign_in(client: TestClient, user: User) -> str:
    """Sign in through the form; returns the session's CSRF token for later forms."""
    token = csrf_from(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200, response.text
    return csrf_from(response.text)
