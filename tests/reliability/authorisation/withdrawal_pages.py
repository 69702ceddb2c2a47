"""Rules for issue 3's web forms: the person's SOWS check-in and withdrawal profile, and the
clinician's COWS/OOWS check-in and profile form for a person who consented.

Every check-in form carries a fresh client id, so each role's request would store a new one.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from tests.conftest import NOW
from tests.reliability.authorisation import PERSONS, Call, Rule, Who, web_record, web_roles
from tests.reliability.authorisation.world import World
from tests.support.instruments import COWS_ANSWERS, SOWS_ITEMS

# 50 hours ago, as a datetime-local field sends it (read in the person's own time zone).
LAST_USE = (NOW - timedelta(hours=50)).strftime("%Y-%m-%dT%H:%M")
PROFILE_FORM = {"opioids": "short_acting", "last_use_at": LAST_USE}


def sows_form(_world: World, _who: Who) -> Call:
    return Call(form=dict.fromkeys(SOWS_ITEMS, "1") | {"id": str(uuid.uuid4())})


def cows_form(world: World, _who: Who) -> Call:
    return Call(
        path={"person_id": world.owner.id, "name": "cows"},
        form={k: str(v) for k, v in COWS_ANSWERS.items()} | {"id": str(uuid.uuid4())},
    )


RULES = [
    Rule("POST", "/me/checkin", web_roles(303, *PERSONS), sows_form, clinical=True),
    Rule(
        "POST",
        "/me/withdrawal/profile",
        web_roles(303, *PERSONS),
        lambda _w, _who: Call(form=PROFILE_FORM),
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/checkin/{name}",
        web_record(303),
        cows_form,
        clinical=True,
    ),
    Rule(
        "POST",
        "/clinic/persons/{person_id}/withdrawal/profile",
        web_record(303),
        lambda world, _who: Call(path={"person_id": world.owner.id}, form=PROFILE_FORM),
        clinical=True,
    ),
]
