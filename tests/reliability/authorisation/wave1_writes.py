"""Rules for the JSON write routes of issues #5 and #6 (precautions, products)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    api_roles,
    api_signed_in,
)
from tests.reliability.authorisation.world import World

# A red flag that is not an emergency keeps the test from depending on emergency wording.
RED_FLAG = "trouble_breathing"


def for_owner(body: dict[str, object]) -> Callable[[World, Who], Call]:
    def build(world: World, _who: Who) -> Call:
        return Call(json={**body, "person_id": world.owner.id})

    return build


def new_medication(world: World, _who: Who) -> Call:
    name = f"medicine {world.serial()}"  # one list entry per name
    return Call(json={"id": str(uuid.uuid4()), "name": name, "person_id": world.owner.id})


def owner_medication(world: World, _who: Who) -> Call:
    """A medication on the owner's list, ready to be removed."""
    response = world.api_client().post(
        "/api/v1/medications",
        json={"id": str(uuid.uuid4()), "name": f"medicine {world.serial()}"},
        headers=world.bearer[Who.OWNER],
    )
    assert response.status_code == 201, response.text
    return Call(path={"medication_id": response.json()["medication"]["id"]})


def new_red_flag(world: World, _who: Who) -> Call:
    return Call(json={"id": str(uuid.uuid4()), "flags": [RED_FLAG], "person_id": world.owner.id})


def new_purchase(world: World, _who: Who) -> Call:
    return Call(
        json={
            "id": str(uuid.uuid4()),
            "person_id": world.owner.id,
            "product": {"vendor": "Matrix Botanicals", "name": "Red Vein", "form": "powder"},
            "lot": f"LOT-{world.serial()}",
        }
    )


def new_batch(world: World, _who: Who) -> Call:
    return Call(
        json={
            "vendor": "Matrix Botanicals",
            "name": "Green Vein",
            "form": "powder",
            "lot": f"B-{world.serial()}",
        }
    )


RULES = [
    Rule(
        "POST",
        "/api/v1/interactions/check",
        api_signed_in(200),
        lambda _w, _who: Call(json={"names": ["sertraline", "alcohol"]}),
    ),
    Rule("POST", "/api/v1/medications", api_record(201), new_medication, clinical=True),
    Rule(
        "DELETE",
        "/api/v1/medications/{medication_id}",
        api_record(200),
        owner_medication,
        clinical=True,
    ),
    Rule(
        "PUT",
        "/api/v1/conditions",
        api_record(200),
        for_owner({"conditions": []}),
        clinical=True,
    ),
    Rule(
        "PUT",
        "/api/v1/jurisdiction",
        api_record(200),
        for_owner({"jurisdiction": "US-CA"}),
        clinical=True,
    ),
    Rule("POST", "/api/v1/red-flags", api_record(201), new_red_flag, clinical=True),
    Rule("POST", "/api/v1/purchases", api_record(201), new_purchase, clinical=True),
    Rule(
        "POST",
        "/api/v1/batches",
        api_roles(201, *PERSONS, Who.CLINICIAN, Who.STRANGER_CLINICIAN),
        new_batch,
    ),
]
