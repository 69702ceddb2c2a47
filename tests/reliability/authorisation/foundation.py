"""Rules for the foundation's routes: sign-in, accounts, consent, alerts, audit, home pages."""

from __future__ import annotations

from speciosa.domain.foundation.accounts import Role
from tests.conftest import PASSWORD
from tests.reliability.authorisation import (
    CLINICIANS,
    PERSONS,
    Call,
    Rule,
    Who,
    api_public,
    api_record,
    api_roles,
    api_signed_in,
    web_public,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.world import World


def own_credentials(world: World, who: Who) -> Call:
    user = world.user(who) or world.owner
    return Call(form={"username": user.email, "password": PASSWORD})


def own_web_credentials(world: World, who: Who) -> Call:
    user = world.user(who) or world.owner
    return Call(form={"email": user.email, "password": PASSWORD})


def owner_query(world: World, _who: Who) -> Call:
    return Call(query={"person_id": world.owner.id})


def owner_path(world: World, _who: Who) -> Call:
    return Call(path={"person_id": world.owner.id})


def fresh_alert_json(world: World, _who: Who) -> Call:
    return Call(path={"alert_id": world.new_alert()}, json={"note": "seen"})


def fresh_alert_form(world: World, _who: Who) -> Call:
    return Call(path={"alert_id": world.new_alert()}, form={"note": "seen", "back": "/clinic"})


def new_clinician_json(world: World, _who: Who) -> Call:
    return Call(json={"clinician_id": world.new_user(Role.CLINICIAN).id})


def new_clinician_form(world: World, _who: Who) -> Call:
    return Call(form={"clinician_id": world.new_user(Role.CLINICIAN).id})


def granted_clinician(world: World, who: Who) -> str:
    """A clinician the caller (if a person) has granted access to, ready to be revoked."""
    clinician = world.new_user(Role.CLINICIAN)
    if who in PERSONS:
        world.services.consent.grant(world.actor_of(who), clinician.id)
    return clinician.id


def revoke_json(world: World, who: Who) -> Call:
    return Call(path={"clinician_id": granted_clinician(world, who)})


def revoke_form(world: World, who: Who) -> Call:
    return Call(form={"clinician_id": granted_clinician(world, who)})


def new_account_form(world: World, _who: Who) -> Call:
    return Call(
        form={
            "email": f"created{world.serial()}@example.org",
            "role": "person",
            "password": PASSWORD,
            "name": "Created",
        }
    )


def fresh_account_path(world: World, _who: Who) -> Call:
    return Call(path={"user_id": world.new_user(Role.PERSON).id}, form={"disabled": "1"})


RULES = [
    # ------------------------------------------------------------------ API
    Rule("POST", "/api/v1/auth/token", api_public(200), own_credentials),
    Rule("GET", "/api/v1/me", api_signed_in(200)),
    Rule("GET", "/api/v1/persons", api_signed_in(200), clinical=True),
    Rule("GET", "/api/v1/clinicians", api_signed_in(200)),
    Rule("GET", "/api/v1/audit", api_roles(200, *PERSONS), clinical=True),
    Rule("GET", "/api/v1/alerts", api_record(200), owner_query, clinical=True),
    Rule(
        "POST",
        "/api/v1/alerts/{alert_id}/acknowledge",
        api_roles(200, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        fresh_alert_json,
        clinical=True,
    ),
    Rule("GET", "/api/v1/consents", api_roles(200, *PERSONS), clinical=True),
    Rule("POST", "/api/v1/consents", api_roles(201, *PERSONS), new_clinician_json, clinical=True),
    Rule(
        "DELETE",
        "/api/v1/consents/{clinician_id}",
        api_roles(204, *PERSONS),
        revoke_json,
        clinical=True,
    ),
    Rule(
        "PUT",
        "/api/v1/consents/research",
        api_roles(200, *PERSONS),
        lambda _w, _who: Call(json={"consented": True}),
        clinical=True,
    ),
    # ----------------------------------------------------------------- web
    Rule("GET", "/healthz", web_public(200)),
    Rule("GET", "/", web_public(303)),
    Rule("GET", "/sign-in", web_public(303) | {Who.ANONYMOUS: 200}),
    Rule("POST", "/sign-in", web_public(303), own_web_credentials),
    Rule("POST", "/sign-out", web_public(303)),
    Rule("GET", "/me", web_roles(200, *PERSONS), clinical=True),
    Rule("GET", "/me/audit", web_roles(200, *PERSONS), clinical=True),
    Rule("GET", "/me/sharing", web_roles(200, *PERSONS), clinical=True),
    Rule("POST", "/me/sharing/grant", web_roles(303, *PERSONS), new_clinician_form, clinical=True),
    Rule("POST", "/me/sharing/revoke", web_roles(303, *PERSONS), revoke_form, clinical=True),
    Rule(
        "POST",
        "/me/sharing/research",
        web_roles(303, *PERSONS),
        lambda _w, _who: Call(form={"consented": "1"}),
        clinical=True,
    ),
    Rule("GET", "/clinic", web_roles(200, *CLINICIANS), clinical=True),
    Rule("GET", "/clinic/persons/{person_id}", web_record(200), owner_path, clinical=True),
    Rule(
        "POST",
        "/clinic/alerts/{alert_id}/acknowledge",
        web_roles(303, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        fresh_alert_form,
        clinical=True,
    ),
    Rule("GET", "/admin", web_roles(200, Who.ADMIN)),
    Rule("POST", "/admin/users", web_roles(303, Who.ADMIN), new_account_form),
    Rule(
        "POST",
        "/admin/users/{user_id}/disabled",
        web_roles(303, Who.ADMIN),
        fresh_account_path,
    ),
]
