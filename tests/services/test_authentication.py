from __future__ import annotations

from datetime import timedelta

import pytest

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import NotAuthenticated, TooManyAttempts
from speciosa.domain.foundation.sessions import SessionKind
from speciosa.services.foundation.authentication import hash_token
from tests.services.conftest import World


def test_sign_in_stores_only_a_hash_of_the_token(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    signed = world.auth.sign_in("P@x.org", "correct horse battery", "10.0.0.1", SessionKind.API)
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


def test_failures_from_one_address_never_lock_the_account_elsewhere(world: World) -> None:
    """Issue 15: no account lock an attacker can use. 50 anonymous failures from one address
    (the clock advanced past each delay) hold up only that address; the owner signs in from
    another address at once, and from the attacker's address with a known-device token."""
    world.user(Role.CLINICIAN, "c@x.org")
    known = world.auth.sign_in(
        "c@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB
    ).device_token
    failures = refusals = 0
    for attempt in range(200):  # bounded: 50 failures need at most ~60 attempts
        if failures == 50:
            break
        try:
            world.auth.sign_in("c@x.org", f"guess-{attempt}", "203.0.113.9", SessionKind.WEB)
        except NotAuthenticated:
            failures += 1
        except TooManyAttempts as wait:
            refusals += 1
            world.clock.set(world.clock.now() + timedelta(seconds=wait.retry_after_seconds))
    assert failures == 50
    assert refusals > 0  # the attacker was made to wait
    with pytest.raises(TooManyAttempts):
        world.auth.sign_in("c@x.org", "guess-x", "203.0.113.9", SessionKind.WEB)
    # The owner, elsewhere: no wait at all, the right password works.
    assert world.auth.sign_in(
        "c@x.org", "correct horse battery", "198.51.100.7", SessionKind.WEB
    ).token
    # The owner's own browser behind the attacker's address: the known-device token counts.
    assert world.auth.sign_in(
        "c@x.org", "correct horse battery", "203.0.113.9", SessionKind.WEB, device_token=known
    ).token


def test_delays_grow_per_account_and_address_and_forgive_after_the_window(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    for attempt in range(5):  # the free failures
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in("p@x.org", f"wrong-{attempt}", "10.0.0.9", SessionKind.API)
    waits = []
    for attempt in range(4):
        with pytest.raises(TooManyAttempts) as limited:
            world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.9", SessionKind.API)
        waits.append(limited.value.retry_after_seconds)
        world.clock.set(world.clock.now() + timedelta(seconds=waits[-1]))
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in("p@x.org", f"again-{attempt}", "10.0.0.9", SessionKind.API)
    assert waits == [1, 2, 4, 8]
    world.clock.set(world.clock.now() + timedelta(minutes=16))
    assert world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.9", SessionKind.API).token


def test_a_device_token_of_another_account_does_not_count(world: World) -> None:
    world.user(Role.PERSON, "p@x.org")
    world.user(Role.PERSON, "q@x.org")
    other = world.auth.sign_in(
        "q@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB
    ).device_token
    for n in range(50):
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in(f"u{n}@x.org", "whatever1", "10.9.9.9", SessionKind.WEB)
    with pytest.raises(TooManyAttempts):
        world.auth.sign_in(
            "p@x.org", "correct horse battery", "10.9.9.9", SessionKind.WEB, device_token=other
        )
    # A device token is no session: it opens nothing.
    assert world.auth.resolve(other, SessionKind.WEB) is None
    assert world.auth.resolve(other, SessionKind.DEVICE) is None


def test_one_address_failing_on_many_accounts_is_slowed(world: World) -> None:
    for n in range(50):
        with pytest.raises(NotAuthenticated):
            world.auth.sign_in(f"u{n}@x.org", "whatever1", "10.9.9.9", SessionKind.WEB)
    world.user(Role.PERSON, "p@x.org")
    with pytest.raises(TooManyAttempts) as limited:
        world.auth.sign_in("p@x.org", "correct horse battery", "10.9.9.9", SessionKind.WEB)
    assert limited.value.retry_after_seconds == 1
    assert world.auth.sign_in("p@x.org", "correct horse battery", "10.9.9.8", SessionKind.WEB).token
    # Waiting out the (short) delay is all it takes: the right password is not refused.
    world.clock.set(world.clock.now() + timedelta(seconds=1))
    assert world.auth.sign_in("p@x.org", "correct horse battery", "10.9.9.9", SessionKind.WEB).token


def test_disabled_accounts_cannot_sign_in(world: World) -> None:
    admin = world.user(Role.ADMIN, "a@x.org")
    person = world.user(Role.PERSON, "p@x.org")
    world.accounts.set_disabled(admin, person.user_id, True)
    with pytest.raises(NotAuthenticated):
        world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB)
