"""Rules for issue 16's new clinician route: several alerts acknowledged with one note."""

from __future__ import annotations

from tests.reliability.authorisation import Call, Rule, Who, web_roles
from tests.reliability.authorisation.world import World


def fresh_alerts_form(world: World, _who: Who) -> Call:
    return Call(form={"alert_id": world.new_alert(), "note": "seen together", "back": "/clinic"})


RULES = [
    Rule(
        "POST",
        "/clinic/alerts/acknowledge",
        web_roles(303, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        fresh_alerts_form,
        clinical=True,
    ),
]
