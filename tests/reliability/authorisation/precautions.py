"""Rules for issue 6's web forms: the person's medicines, conditions, jurisdiction and red-flag
report, and the page of one red-flag report already recorded.

Each is a person's own record under /me: both persons may write their own (clinicians and
admins are refused by role); a page or form that names one of the owner's records is refused to
the other person as not found.
"""

from __future__ import annotations

import uuid

from tests.reliability.authorisation import PERSONS, Call, Rule, Who, web_roles
from tests.reliability.authorisation.wave1_writes import RED_FLAG
from tests.reliability.authorisation.world import World

OWN_FORM = web_roles(303, *PERSONS)
OWNER_ONLY = {Who.OTHER_PERSON: 404}


def new_medication(world: World, _who: Who) -> Call:
    return Call(form={"name": f"medicine {world.serial()}"})


def owner_medication(world: World, _who: Who) -> Call:
    """A medication on the owner's list, ready to be removed."""
    change = world.services.precautions.add_medication(
        world.actor_of(Who.OWNER), None, f"medicine {world.serial()}"
    )
    return Call(path={"medication_id": change.medication.id})


def conditions_form(world: World, _who: Who) -> Call:
    code = world.services.precautions.reference.conditions.recordable[0].code
    return Call(form={"conditions": code})


def red_flag_form(_world: World, _who: Who) -> Call:
    return Call(form={"red_flags": RED_FLAG, "report_id": str(uuid.uuid4())})


def owner_report(world: World, _who: Who) -> Call:
    def make() -> str:
        outcome = world.services.red_flags.report(
            world.actor_of(Who.OWNER), None, [RED_FLAG], client_id=str(uuid.uuid4())
        )
        return outcome.report.id

    return Call(path={"report_id": world.kept("red-flag report", make)})


RULES = [
    Rule("POST", "/me/medications", OWN_FORM, new_medication, clinical=True),
    Rule(
        "POST",
        "/me/medications/{medication_id}/remove",
        web_roles(303, Who.OWNER) | OWNER_ONLY,
        owner_medication,
        clinical=True,
    ),
    Rule("POST", "/me/conditions", OWN_FORM, conditions_form, clinical=True),
    Rule(
        "POST",
        "/me/jurisdiction",
        OWN_FORM,
        lambda _w, _who: Call(form={"jurisdiction": "US-CA"}),
        clinical=True,
    ),
    # The triage is shown at once (200), not after a redirect: what to do now, on this screen.
    Rule("POST", "/me/red-flags", web_roles(200, *PERSONS), red_flag_form, clinical=True),
    Rule(
        "GET",
        "/me/red-flags/{report_id}",
        web_roles(200, Who.OWNER) | OWNER_ONLY,
        owner_report,
        clinical=True,
    ),
]
