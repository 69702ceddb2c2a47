"""Rules for issue 16's person pages: download my data, the reminder calendar and its secret
feed, and the installable app's manifest and service worker (public: they hold no one's data)."""

from __future__ import annotations

from speciosa.domain.reports.reminders import DEFAULT_REMINDER_MINUTES
from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    web_public,
    web_roles,
)
from tests.reliability.authorisation.world import World


def revoke_reminders(world: World, who: Who) -> Call:
    """Each person about to succeed gets a feed of their own to turn off."""
    if who in PERSONS:
        world.services.reminder_feeds.issue(world.actor_of(who), DEFAULT_REMINDER_MINUTES)
    return Call()


def owner_feed(world: World, _who: Who) -> Call:
    """The secret stands for the owner, whoever presents it (a calendar app has no session)."""
    token = world.kept(
        "reminder-feed",
        lambda: world.services.reminder_feeds.issue(
            world.actor_of(Who.OWNER), DEFAULT_REMINDER_MINUTES
        ),
    )
    return Call(path={"token": token})


RULES = [
    Rule("GET", "/me/data", web_roles(200, *PERSONS)),
    Rule("GET", "/me/data/export.json", web_roles(200, *PERSONS), clinical=True),
    Rule(
        "GET",
        "/me/data/{kind}.csv",
        web_roles(200, *PERSONS),
        lambda _w, _who: Call(path={"kind": "checkins"}),
        clinical=True,
    ),
    Rule("GET", "/me/reminders", web_roles(200, *PERSONS), clinical=True),
    Rule(
        "POST",
        "/me/reminders",
        web_roles(200, *PERSONS),
        lambda _w, _who: Call(form={"reminder_time": "08:30"}),
        clinical=True,
    ),
    Rule("POST", "/me/reminders/revoke", web_roles(303, *PERSONS), revoke_reminders, clinical=True),
    # Public by design: the secret in the address is the credential; a wrong one is a 404.
    Rule("GET", "/calendar/{token}.ics", web_public(200), owner_feed),
    Rule("GET", "/manifest.webmanifest", web_public(200)),
    Rule("GET", "/sw.js", web_public(200)),
]
