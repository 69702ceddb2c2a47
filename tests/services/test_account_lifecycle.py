"""Issue 15: disabling ends sessions, password change, admin reset codes, the security log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.errors import (
    AccessDenied,
    InvalidInput,
    NotAuthenticated,
    TooManyAttempts,
)
from speciosa.domain.foundation.security_log import SecurityEventKind
from speciosa.domain.foundation.sessions import SessionKind
from speciosa.services.foundation.password_reset import PasswordResetService
from tests.fakes import PlainHasher
from tests.services.conftest import World


def resets(world: World) -> PasswordResetService:
    return PasswordResetService(
        world.uow,
        PlainHasher(),
        world.clock,
        world.audit,
        world.accounts,
        world.auth.throttle,
        world.accounts._security,
    )


def test_disable_then_enable_leaves_old_sessions_and_tokens_dead(world: World) -> None:
    admin = world.user(Role.ADMIN, "a@x.org")
    person = world.user(Role.PERSON, "p@x.org")
    web = world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB).token
    api = world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.API).token
    world.accounts.set_disabled(admin, person.user_id, True)
    world.accounts.set_disabled(admin, person.user_id, False)
    assert world.auth.resolve(web, SessionKind.WEB) is None
    assert world.auth.resolve(api, SessionKind.API) is None
    assert world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB).token


def test_password_change_needs_the_current_one_and_ends_other_sessions(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    mine = world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB).token
    other = world.auth.sign_in(
        "p@x.org", "correct horse battery", "10.0.0.2", SessionKind.API
    ).token
    with pytest.raises(InvalidInput) as wrong:
        world.accounts.change_password(person, "not-it", "a new long phrase")
    assert wrong.value.field == "current_password"
    with pytest.raises(InvalidInput) as weak:
        world.accounts.change_password(person, "correct horse battery", "weak but long")
    assert weak.value.field == "new_password"
    ended = world.accounts.change_password(
        person, "correct horse battery", "a new long phrase", keep_token=mine
    )
    assert ended == 1
    assert world.auth.resolve(mine, SessionKind.WEB) is not None
    assert world.auth.resolve(other, SessionKind.API) is None
    with pytest.raises(NotAuthenticated):
        world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB)
    assert world.auth.sign_in("p@x.org", "a new long phrase", "10.0.0.1", SessionKind.WEB).token


def test_a_reset_code_works_once_until_it_expires_and_forces_a_new_password(
    world: World,
) -> None:
    admin = world.user(Role.ADMIN, "a@x.org")
    person = world.user(Role.PERSON, "p@x.org")
    session = world.auth.sign_in(
        "p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB
    ).token
    service = resets(world)
    with pytest.raises(AccessDenied):
        service.issue(person, person.user_id)
    issued = service.issue(admin, person.user_id)
    assert len(issued.code) == 14
    # Issuing ends the sessions, and the old password no longer signs in (and says why).
    assert world.auth.resolve(session, SessionKind.WEB) is None
    with pytest.raises(NotAuthenticated) as pending:
        world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB)
    assert "reset code" in pending.value.detail
    with pytest.raises(InvalidInput) as weak:
        service.reset("p@x.org", issued.code, "weak weak weak", "10.0.0.1")
    assert weak.value.field == "new_password"
    service.reset("p@x.org", issued.code.lower().replace("-", " "), "fresh start now", "10.0.0.1")
    assert world.auth.sign_in("p@x.org", "fresh start now", "10.0.0.1", SessionKind.WEB).token
    with pytest.raises(InvalidInput):  # once only
        service.reset("p@x.org", issued.code, "another fresh one", "10.0.0.1")
    later = service.issue(admin, person.user_id)
    world.clock.set(world.clock.now() + timedelta(hours=25))
    with pytest.raises(InvalidInput):  # expired
        service.reset("p@x.org", later.code, "another fresh one", "10.0.0.1")
    kinds = [e.kind for e in world.uow.store.security]
    assert SecurityEventKind.RESET_CODE_ISSUED in kinds
    assert SecurityEventKind.PASSWORD_RESET in kinds


def test_guessing_reset_codes_is_throttled_like_sign_in(world: World) -> None:
    admin = world.user(Role.ADMIN, "a@x.org")
    person = world.user(Role.PERSON, "p@x.org")
    service = resets(world)
    service.issue(admin, person.user_id)
    for n in range(5):
        with pytest.raises(InvalidInput):
            service.reset("p@x.org", f"GUESS-{n}", "fresh start now", "10.0.0.5")
    with pytest.raises(TooManyAttempts):
        service.reset("p@x.org", "GUESS-6", "fresh start now", "10.0.0.5")


def test_guessing_the_current_password_through_a_session_is_throttled(world: World) -> None:
    """A stolen session cookie must not turn the password form into an unthrottled oracle for
    the account's password: the sign-in policy per account, counted apart from sign-ins."""
    person = world.user(Role.PERSON, "p@x.org")
    for n in range(5):
        with pytest.raises(InvalidInput):
            world.accounts.change_password(person, f"guess {n}", "a new long phrase")
    with pytest.raises(TooManyAttempts) as held:
        world.accounts.change_password(person, "guess 6", "a new long phrase")
    assert "wrong current passwords" in held.value.detail
    assert held.value.retry_after_seconds >= 1
    # Not held up: the owner's sign-in (another place) ...
    assert world.auth.sign_in("p@x.org", "correct horse battery", "10.0.0.1", SessionKind.WEB)
    # ... and, once the delay has passed, the change with the right password.
    world.clock.set(world.clock.now() + timedelta(seconds=held.value.retry_after_seconds))
    assert world.accounts.change_password(person, "correct horse battery", "a new long phrase") >= 0
