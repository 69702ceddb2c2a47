from __future__ import annotations

from datetime import timedelta

import pytest

from speciosa.domain.accounts import Role
from speciosa.domain.errors import NotAuthenticated, TooManyAttempts
from speciosa.domain.sessions import SessionKind
from speciosa.services.authentication import hash_token
from tests.services.conftest import World


def test_sign_in_stores_only_a_hash_of_the_token(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    signed = world.auth.sign_in("P@x.org", "password1", "10.0.0.1", SessionKind.API)
    assert signed.token not in world.uow.store.sessions
    assert hash_token(signed.token) in world.uow.store.sessions
    resolved = world.auth.resolve(signed.token, SessionKind.API)
    assert resolved is not None
    assert resolved[0].user_id == signed.actor.user_id
    # A token is only good for its own kind, and not after it expires.
    assert world.auth.resolve(signed.token, SessionKind.WEB) is None
    world.clock.set(world.clock.now() + timedelta(hours=9))
    assert world.auth.resolve(signed.token, SessionKind.API) is None


def test_wrong_password_and_unknown_account_look_the_same(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    with pytest.raises(NotAuthenticated) as wrong:
        world.auth.sign_in("p@x.org", "nope-nope", "10.0.0.1", SessionKind.WEB)
    with pytest.raises(NotAuthenticated) as unknown:
        world.auth.sign_in("q@x.org", "nope-nope", "10.0.0.1", SessionKind.WEB)
    assert wrong.value.detail == unknown.value.detail


def test_ten_failures_lock_the_account_even_for_the_right_password(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    for attempt in range(10):
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in("p@x.org", f"wrong-{attempt}", f"10.0.0.{attempt}", SessionKind.WEB)
    with pytest.raises(TooManyAttempts) as limited:
        world.auth.sign_in("p@x.org", "password1", "10.0.1.1", SessionKind.WEB)
    assert 0 < limited.value.retry_after_seconds <= 15 * 60 + 1
    world.clock.set(world.clock.now() + timedelta(minutes=16))
    assert world.auth.sign_in("p@x.org", "password1", "10.0.1.1", SessionKind.WEB).token


def test_one_address_failing_on_many_accounts_is_limited(world: World) -> None:
    for n in range(50):
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in(f"u{n}@x.org", "whatever1", "10.9.9.9", SessionKind.WEB)
    world.user(Role.PERSON, "p@x.org")
    with pytest.raises(TooManyAttempts):
        world.auth.sign_in("p@x.org", "password1", "10.9.9.9", SessionKind.WEB)
    assert world.auth.sign_in("p@x.org", "password1", "10.9.9.8", SessionKind.WEB).token


def test_disabled_accounts_cannot_sign_in(world: World) -> None:
    admin = world.user(Role.ADMIN, "a@x.org")
    person = world.user(Role.PERSON, "p@x.org")
    world.accounts.set_disabled(admin, person.user_id, True)
    with pytest.raises(NotAuthenticated):
        world.auth.sign_in("p@x.org", "password1", "10.0.0.1", SessionKind.WEB)
