"""Rules for issue 12's routes: corrections of doses and check-ins (API and pages) and the taper
plan API with its approval step. The owner corrects their own records; a clinician only what
they recorded (a consented clinician is refused, 403, on the owner's own dose or SOWS)."""

from __future__ import annotations

import uuid

from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW
from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    api_roles,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.checkins import owner_checkin
from tests.reliability.authorisation.dosing import draft_plan, free_draft
from tests.reliability.authorisation.world import World
from tests.support.instruments import COWS_ANSWERS

# The owner corrects; the consented clinician did not record it (403); others see nothing.
OWNER_CORRECTS = api_record(200) | {Who.CLINICIAN: 403}
# A person's page: the other person gets 404 (not theirs), other roles 403.
OWNER_PAGE = web_roles(200, Who.OWNER) | {Who.OTHER_PERSON: 404}
OWNER_FORM = web_roles(303, Who.OWNER) | {Who.OTHER_PERSON: 404}
CLINICIAN_ONLY = api_roles(200, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404}


def fresh_dose(world: World) -> str:
    dose_id = str(uuid.uuid4())
    world.services.doses.record(world.actor_of(Who.OWNER), NewDose(id=dose_id, amount="2"))
    return dose_id


def rated_cows(world: World) -> str:
    """A COWS the consented clinician rated for the owner."""
    checkin_id = str(uuid.uuid4())
    world.services.checkins.record(
        world.actor_of(Who.CLINICIAN),
        NewCheckIn(
            id=checkin_id, instrument="cows", answers=COWS_ANSWERS, person_id=world.owner.id
        ),
    )
    return checkin_id


def plan_body(world: World) -> dict[str, object]:
    return {
        "person_id": world.owner.id,
        "substance": "kratom",
        "start_amount": 6,
        "unit_step": 0.5,
        "reduction_pct": 10,
        "every_days": 7,
        "start_date": NOW.date().isoformat(),
    }


RULES = [
    Rule(
        "PATCH",
        "/api/v1/doses/{dose_id}",
        OWNER_CORRECTS,
        lambda world, _who: Call(path={"dose_id": fresh_dose(world)}, json={"amount": 1.5}),
        clinical=True,
    ),
    Rule(
        "POST",
        "/api/v1/doses/{dose_id}/entered-in-error",
        OWNER_CORRECTS,
        lambda world, _who: Call(path={"dose_id": fresh_dose(world)}, json={"reason": "twice"}),
        clinical=True,
    ),
    Rule(
        "PATCH",
        "/api/v1/checkins/{checkin_id}",
        OWNER_CORRECTS,
        lambda world, _who: Call(
            path={"checkin_id": owner_checkin(world)}, json={"note": "corrected"}
        ),
        clinical=True,
    ),
    Rule(
        "POST",
        "/api/v1/checkins/{checkin_id}/entered-in-error",
        OWNER_CORRECTS,
        lambda world, _who: Call(path={"checkin_id": owner_checkin(world)}, json={}),
        clinical=True,
    ),
    Rule(
        "POST",
        "/api/v1/taper-plans",
        api_roles(201, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        lambda world, _who: Call(json=plan_body(world)),
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/taper-plans/{plan_id}/approval",
        CLINICIAN_ONLY,
        lambda world, _who: Call(path={"plan_id": draft_plan(world, "kratom").id}),
        clinical=True,
    ),
    Rule(
        "POST",
        "/api/v1/taper-plans/{plan_id}/approve",
        CLINICIAN_ONLY,
        lambda world, _who: Call(
            path={"plan_id": free_draft(world, "oxycodone")},
            json={"confirm": True, "start_reason": "matrix: no doses logged"},
        ),
        clinical=True,
    ),
    Rule(
        "GET",
        "/clinic/persons/{person_id}/plans/{plan_id}/approve",
        web_record(200),
        lambda world, _who: Call(
            path={"person_id": world.owner.id, "plan_id": draft_plan(world, "kratom").id}
        ),
        clinical=True,
    ),
    Rule(
        "GET",
        "/me/doses/{dose_id}/{action}",
        OWNER_PAGE,
        lambda world, _who: Call(path={"dose_id": fresh_dose(world), "action": "correct"}),
        clinical=True,
    ),
    Rule(
        "POST",
        "/me/doses/{dose_id}/{action}",
        OWNER_FORM,
        lambda world, _who: Call(
            path={"dose_id": fresh_dose(world), "action": "correct"}, form={"amount": "1"}
        ),
        clinical=True,
    ),
    Rule(
        "GET",
        "/me/checkins/{checkin_id}/{action}",
        OWNER_PAGE,
        lambda world, _who: Call(
            path={"checkin_id": owner_checkin(world), "action": "entered-in-error"}
        ),
        clinical=True,
    ),
    Rule(
        "POST",
        "/me/checkins/{checkin_id}/{action}",
        OWNER_FORM,
        lambda world, _who: Call(
            path={"checkin_id": owner_checkin(world), "action": "entered-in-error"},
            form={"reason": "matrix"},
        ),
        clinical=True,
    ),
    Rule(
        "GET",
        "/clinic/persons/{person_id}/checkins/{checkin_id}/{action}",
        web_record(200),
        lambda world, _who: Call(
            path={
                "person_id": world.owner.id,
                "checkin_id": rated_cows(world),
                "action": "correct",
            }
        ),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/checkins/{checkin_id}/{action}",
        web_record(303),
        lambda world, _who: Call(
            path={
                "person_id": world.owner.id,
                "checkin_id": rated_cows(world),
                "action": "entered-in-error",
            },
            form={"reason": "matrix"},
        ),
        clinical=True,
    ),
]
assert PERSONS  # the presets above name persons through Who
