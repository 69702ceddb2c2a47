"""The world the matrix runs in: six parties (each with an API token and a web session), one app.

The owner has granted the consented clinician access; the other person, the clinician without
consent and the admin have no relation to the owner's record. All test clients share one event
loop thread (a TestClient outside a `with` block would start a new one for every request).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from speciosa.adapters.backup.tables import TableDigest, reflect, table_digests
from speciosa.adapters.db.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory
from speciosa.adapters.passwords import Argon2Hasher
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.foundation.sessions import SessionKind
from speciosa.entrypoints.web.session import PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE
from speciosa.services.foundation.accounts import NewUser
from tests.conftest import PASSWORD, csrf_from, web_sign_in
from tests.reliability.authorisation import Who
from tests.support.database import database_engine

ROLE_OF = {
    Who.OWNER: Role.PERSON,
    Who.OTHER_PERSON: Role.PERSON,
    Who.CLINICIAN: Role.CLINICIAN,
    Who.STRANGER_CLINICIAN: Role.CLINICIAN,
    Who.ADMIN: Role.ADMIN,
}
# Clinical text that must never appear in a log line (see the log checks of the matrix).
CANARY = "CANARY-clinical-text-7f3a"


@dataclass
class World:
    services: Services
    app: FastAPI
    portal: BlockingPortal
    # The test's own way into the world's database (to seed and to compare states).
    engine: Engine
    users: dict[Who, User] = field(default_factory=dict)
    bearer: dict[Who, dict[str, str]] = field(default_factory=dict)
    web: dict[Who, TestClient] = field(default_factory=dict)
    csrf: dict[Who, str] = field(default_factory=dict)
    _serial: int = 0
    _metadata: sa.MetaData | None = None
    _kept: dict[str, str] = field(default_factory=dict)
    _hasher: Argon2Hasher = field(default_factory=lambda: Argon2Hasher(fast=True))

    @property
    def owner(self) -> User:
        return self.users[Who.OWNER]

    def uow(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWorkFactory(self.engine)(read_only=read_only)

    def user(self, who: Who) -> User | None:
        return self.users.get(who)

    def client(self, who: Who) -> TestClient:
        return self.web[who]

    def new_client(self, **options: Any) -> TestClient:
        """A TestClient on this world's app and event loop thread."""
        client = TestClient(self.app, **options)
        # Every request on this world's one event-loop thread (see the module docstring); a
        # TestClient uses the portal it holds, as inside its own `with` block.
        client.portal = self.portal
        return client

    def api_client(self) -> TestClient:
        """A client without cookies: the API must answer on the bearer token alone."""
        return self.new_client()

    def serial(self) -> int:
        """A number not handed out before in this world (for unique e-mails, keys)."""
        self._serial += 1
        return self._serial

    def kept(self, key: str, make: Callable[[], str]) -> str:
        """The id `make()` returned the first time for `key`: a record that reads do not
        consume is built once per world (keeps the matrix fast and the owner's record small)."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def new_user(self, role: Role) -> User:
        number = self.serial()
        return self.services.accounts.create_user(
            NewUser(
                email=f"extra{number}.{role.value}@example.org",
                role=role,
                password=PASSWORD,
                name=f"Extra {role.value} {number}",
            )
        )

    def actor_of(self, who: Who) -> Any:
        token = self.bearer[who]["Authorization"].removeprefix("Bearer ")
        resolved = self.services.auth.resolve(token, SessionKind.API)
        assert resolved is not None
        return resolved[0]

    def new_alert(self, person_id: str | None = None) -> str:
        """A fresh open alert on the owner's record (or `person_id`'s); returns its id."""
        number = self.serial()
        person = person_id or self.owner.id
        with self.uow() as uow:
            raised = self.services.alerts.raise_drafts(
                uow,
                [
                    AlertDraft(
                        person_id=person,
                        kind=AlertKind.MISSED_CHECKIN,
                        title="No check-in for 2 days",
                        explanation=f"{CANARY} seeded alert {number}",
                        dedupe_key=f"matrix:{person}:{number}",
                        facts={"days": 2},
                    )
                ],
            )
            uow.commit()
        return raised[0].id

    def state(self, ignore: frozenset[str] = frozenset()) -> dict[str, TableDigest]:
        """Every table's row count and digest (to prove a refused request changed nothing)."""
        with self.engine.connect() as connection:
            if self._metadata is None:
                self._metadata = reflect(connection)
            digests = table_digests(connection, self._metadata)
        return {name: d for name, d in digests.items() if name not in ignore}

    def sign_in_web(self, who: Who) -> None:
        client = self.new_client()
        self.web[who] = client
        user = self.users.get(who)
        if user is None:
            self.csrf[who] = csrf_from(client.get("/sign-in").text)
        else:
            self.csrf[who] = web_sign_in(client, user)

    def set_password(self, user_id: str, password: str) -> None:
        with self.uow() as uow:
            uow.users.set_password_hash(user_id, self._hasher.hash(password))
            uow.commit()

    def ensure_signed_in(self) -> None:
        """Sign the web clients in again where a rule (sign-out, sign-in) changed their session,
        and get a new API token where one was revoked or ended, with PASSWORD put back where a
        rule changed it (issue 15's routes do all three)."""
        for user in self.users.values():
            with self.uow(read_only=True) as uow:
                found = uow.users.get_with_hash(user.email)
            if found is not None and not self._hasher.verify(found[1], PASSWORD):
                self.set_password(user.id, PASSWORD)
        for who in Who:
            account = self.users.get(who)
            bearer = self.bearer.get(who, {}).get("Authorization", "").removeprefix("Bearer ")
            if account is not None and self.services.auth.resolve(bearer, SessionKind.API) is None:
                issued = self.api_client().post(
                    "/api/v1/auth/token", data={"username": account.email, "password": PASSWORD}
                )
                self.bearer[who] = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        for who in Who:
            client = self.web.get(who)
            if who is Who.ANONYMOUS:
                if client is None or not client.cookies.get(PRE_SESSION_CSRF_COOKIE):
                    self.sign_in_web(who)
                continue
            token = client.cookies.get(SESSION_COOKIE) if client else None
            session = self.services.auth.resolve(token or "", SessionKind.WEB)
            if session is None or session[1].csrf_token != self.csrf.get(who):
                self.sign_in_web(who)


@contextlib.contextmanager
def world_on(services: Services, app: FastAPI) -> Iterator[World]:
    with start_blocking_portal() as portal, database_engine(services) as engine:
        world = World(services, app, portal, engine)
        for who, role in ROLE_OF.items():
            slug = re.sub(r"[^a-z]+", ".", who.value).strip(".")
            world.users[who] = services.accounts.create_user(
                NewUser(email=f"{slug}@example.org", role=role, password=PASSWORD, name=who.value)
            )
        api = world.api_client()
        for who in Who:
            user = world.users.get(who)
            if user is None:
                world.bearer[who] = {}
                continue
            token = api.post(
                "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
            ).json()["access_token"]
            world.bearer[who] = {"Authorization": f"Bearer {token}"}
        services.consent.grant(world.actor_of(Who.OWNER), world.users[Who.CLINICIAN].id)
        world.ensure_signed_in()
        yield world
