"""Rules for issue 15's routes: password change (web, API), token revocation, admin reset codes,
the reset page and the security log."""

from __future__ import annotations

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.entrypoints.web.session import SESSION_COOKIE
from tests.conftest import PASSWORD
from tests.reliability.authorisation import (
    Call,
    Rule,
    Who,
    api_roles,
    api_signed_in,
    web_public,
    web_roles,
    web_signed_in,
)
from tests.reliability.authorisation.world import World

TEMPORARY = "temporary matrix phrase"


def _set_temporary_password(world: World, who: Who, keep_token: str) -> None:
    """The caller's password becomes TEMPORARY, so that the request can change it back (a test
    that refuses the request leaves it so; `World.ensure_signed_in` puts PASSWORD back)."""
    del keep_token  # the password is set directly: no session is ended here
    user = world.user(who)
    if user is not None:
        world.set_password(user.id, TEMPORARY)


def web_password_change(world: World, who: Who) -> Call:
    client = world.web.get(who)
    token = client.cookies.get(SESSION_COOKIE) if client is not None else None
    _set_temporary_password(world, who, token or "")
    return Call(
        form={
            "current_password": TEMPORARY,
            "new_password": PASSWORD,
            "confirm_password": PASSWORD,
        }
    )


def api_password_change(world: World, who: Who) -> Call:
    token = world.bearer[who].get("Authorization", "").removeprefix("Bearer ")
    _set_temporary_password(world, who, token)
    return Call(json={"current_password": TEMPORARY, "new_password": PASSWORD})


def fresh_account(world: World, _who: Who) -> Call:
    return Call(path={"user_id": world.new_user(Role.PERSON).id})


def valid_reset(world: World, _who: Who) -> Call:
    user = world.new_user(Role.PERSON)
    admin = world.user(Who.ADMIN)
    assert admin is not None
    code = world.services.password_reset.issue(Actor(admin.id, admin.role), user.id).code
    return Call(
        form={
            "email": user.email,
            "code": code,
            "new_password": "a brand new phrase",
            "confirm_password": "a brand new phrase",
        }
    )


RULES = [
    Rule("DELETE", "/api/v1/auth/token", api_signed_in(204)),
    Rule("POST", "/api/v1/auth/password", api_signed_in(200), api_password_change),
    Rule("GET", "/api/v1/security-events", api_roles(200, Who.ADMIN)),
    Rule("GET", "/account/password", web_signed_in(200)),
    Rule("POST", "/account/password", web_signed_in(303), web_password_change),
    Rule("GET", "/reset-password", web_public(200)),
    Rule("POST", "/reset-password", web_public(303), valid_reset),
    Rule("POST", "/admin/users/{user_id}/reset-code", web_roles(200, Who.ADMIN), fresh_account),
    Rule("GET", "/admin/security", web_roles(200, Who.ADMIN)),
]
