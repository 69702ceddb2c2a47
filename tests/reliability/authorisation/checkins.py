"""Rules for the check-in API (issue #3): a person's own SOWS record, shared by consent."""

from __future__ import annotations

import uuid

from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.reliability.authorisation import Call, Rule, Who, api_record
from tests.reliability.authorisation.world import World
from tests.support.instruments import SOWS_ITEMS


def sows_body(world: World) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "instrument": "sows",
        "answers": dict.fromkeys(SOWS_ITEMS, 1),
        "person_id": world.owner.id,
    }


def owner_checkin(world: World) -> str:
    """A check-in already on the owner's record; returns its id."""
    body = sows_body(world)
    world.services.checkins.record(
        world.actor_of(Who.OWNER),
        NewCheckIn(id=body["id"], instrument="sows", answers=body["answers"]),
    )
    return str(body["id"])


RULES = [
    Rule(
        "POST",
        "/api/v1/checkins",
        # An admin's role records no clinical data at all: refused by role, revealing nothing.
        api_record(201) | {Who.ADMIN: 403},
        lambda world, _who: Call(json=sows_body(world)),
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/checkins",
        api_record(200),
        lambda world, _who: Call(query={"person_id": world.owner.id}),
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/checkins/{checkin_id}",
        api_record(200),
        lambda world, _who: Call(path={"checkin_id": owner_checkin(world)}),
        clinical=True,
    ),
]
