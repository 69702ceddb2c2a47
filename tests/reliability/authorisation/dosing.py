"""Rules for the dosing routes (issue 4): the dose API, the person's dose, plan and screen pages,
and the clinician's plan editor for one person."""

from __future__ import annotations

import uuid

from speciosa.domain.dosing.plans import TaperPlan
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.dosing.taper_drafts import PlanDraft
from tests.conftest import NOW
from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.world import World


def dose_body(world: World) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "kind": "kratom", "amount": 2, "person_id": world.owner.id}


def owner_dose(world: World) -> str:
    dose_id = str(uuid.uuid4())
    world.services.doses.record(world.actor_of(Who.OWNER), NewDose(id=dose_id, amount="2"))
    return dose_id


def plan_form(substance: str = "kratom") -> dict[str, str]:
    return {
        "substance": substance,
        "start": "6",
        "unit_step": "0.5",
        "reduction_pct": "10",
        "every_days": "7",
        "start_date": NOW.date().isoformat(),
    }


def draft_plan(world: World, substance: str) -> TaperPlan:
    form = plan_form(substance)
    return world.services.tapers.create_draft(
        world.actor_of(Who.CLINICIAN),
        world.owner.id,
        PlanDraft(
            substance=form["substance"],
            start_amount=form["start"],
            unit_step=form["unit_step"],
            reduction_pct=form["reduction_pct"],
            every_days=form["every_days"],
            start_date=form["start_date"],
        ),
    )


def approved_plan(world: World, substance: str, *, fresh: bool = False) -> str:
    """The owner's approved plan for `substance`: reused, or (fresh) the old one ended first."""
    clinician = world.actor_of(Who.CLINICIAN)
    tapers = world.services.tapers
    for view in tapers.plans_for(clinician, world.owner.id):
        if view.plan.active and view.plan.substance == substance:
            if not fresh:
                return view.plan.id
            tapers.end(clinician, view.plan.id, "matrix")
    plan = draft_plan(world, substance)
    tapers.approve(clinician, plan.id, start_reason="matrix: no doses logged")
    return plan.id


def free_draft(world: World, substance: str) -> str:
    """A draft that approving will not clash with: any active plan for it is ended first."""
    clinician = world.actor_of(Who.CLINICIAN)
    for view in world.services.tapers.plans_for(clinician, world.owner.id):
        if view.plan.active and view.plan.substance == substance:
            world.services.tapers.end(clinician, view.plan.id, "matrix")
    return draft_plan(world, substance).id


def repeat_form(world: World, who: Who) -> Call:
    if who in PERSONS:
        world.services.doses.record(
            world.actor_of(who), NewDose(id=str(uuid.uuid4()), amount="1.5")
        )
    # confirm: a dose was just logged, so without it the page asks first (issue 12).
    return Call(form={"id": str(uuid.uuid4()), "back": "/me", "confirm": "yes"})


def screen_form(world: World, _who: Who) -> Call:
    items = world.services.dependence.definition.items
    return Call(
        form={"id": str(uuid.uuid4()), "typical_doses_per_day": "3"}
        | {item.id: "no" for item in items}
    )


def plan_path(world: World, plan_id: str) -> dict[str, str]:
    return {"person_id": world.owner.id, "plan_id": plan_id}


# A person's page about the owner's plan: the other person is refused (404) like a stranger.
PERSON_OWN_RECORD = web_roles(200, Who.OWNER) | {Who.OTHER_PERSON: 404}

RULES = [
    Rule(
        "POST",
        "/api/v1/doses",
        api_record(201) | {Who.ADMIN: 403},
        lambda world, _who: Call(json=dose_body(world)),
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/doses",
        api_record(200),
        lambda world, _who: Call(query={"person_id": world.owner.id}),
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/doses/{dose_id}",
        api_record(200),
        lambda world, _who: Call(path={"dose_id": owner_dose(world)}),
        clinical=True,
    ),
    Rule("GET", "/me/doses", web_roles(200, *PERSONS), clinical=True),
    Rule(
        "POST",
        "/me/doses",
        web_roles(303, *PERSONS),
        lambda _world, _who: Call(form={"id": str(uuid.uuid4()), "amount": "2", "kind": "kratom"}),
        clinical=True,
    ),
    Rule("POST", "/me/doses/again", web_roles(303, *PERSONS), repeat_form, clinical=True),
    Rule("GET", "/me/plan", web_roles(200, *PERSONS), clinical=True),
    Rule(
        "GET",
        "/me/plans/{plan_id}.ics",
        PERSON_OWN_RECORD,
        lambda world, _who: Call(path={"plan_id": approved_plan(world, "kratom")}),
        clinical=True,
    ),
    Rule("GET", "/me/dependence", web_roles(200, *PERSONS), clinical=True),
    Rule("POST", "/me/dependence", web_roles(303, *PERSONS), screen_form, clinical=True),
    Rule(
        "GET",
        "/clinic/persons/{person_id}/dosing",
        web_record(200),
        lambda world, _who: Call(path={"person_id": world.owner.id}),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/plans",
        web_record(303),
        lambda world, _who: Call(path={"person_id": world.owner.id}, form=plan_form()),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/plans/{plan_id}",
        web_record(303),
        lambda world, _who: Call(
            path=plan_path(world, draft_plan(world, "kratom").id), form=plan_form()
        ),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/plans/{plan_id}/approve",
        web_record(303),
        lambda world, _who: Call(
            path=plan_path(world, free_draft(world, "morphine")),
            form={"confirm": "yes", "start_reason": "matrix: no doses logged"},
        ),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/plans/{plan_id}/discard",
        web_record(303),
        lambda world, _who: Call(path=plan_path(world, draft_plan(world, "kratom").id)),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/plans/{plan_id}/end",
        web_record(303),
        lambda world, _who: Call(
            path=plan_path(world, approved_plan(world, "hydrocodone", fresh=True)),
            form={"reason": "matrix"},
        ),
        clinical=True,
    ),
]
