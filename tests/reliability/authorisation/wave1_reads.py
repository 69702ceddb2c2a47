"""Rules for the read routes of issues #3, #5, #6 and #7 that need no stored record to address.

Routes that address one stored record (a COA, a purchase, a skin measurement or photo, a
red-flag report) and the web forms of these issues have their rules in `sources.py`, `skin.py`,
`precautions.py` and `withdrawal_pages.py`, each building the record it addresses first.
"""

from __future__ import annotations

from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    api_signed_in,
    web_public,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.world import World


def owner_query(world: World, _who: Who) -> Call:
    return Call(query={"person_id": world.owner.id})


def owner_path(world: World, _who: Who) -> Call:
    return Call(path={"person_id": world.owner.id})


def owner_cows_path(world: World, _who: Who) -> Call:
    return Call(path={"person_id": world.owner.id, "name": "cows"})


PERSON_RECORD_API = [
    "/api/v1/conditions",
    "/api/v1/interactions",
    "/api/v1/legal",
    "/api/v1/medications",
    "/api/v1/purchases",
    "/api/v1/red-flags",
    "/api/v1/skin/measurements",
    "/api/v1/skin/trend",
]
REFERENCE_API = [
    "/api/v1/batches",
    "/api/v1/coas",
    "/api/v1/evidence",
    "/api/v1/recalls",
    "/api/v1/red-flags/checklist",
    "/api/v1/vendors",
    "/api/v1/vendors/scorecard",
]
# Forms and guides that show no recorded data (no audit row expected).
OWN_FORMS = ["/me/checkin", "/me/skin/guide"]
OWN_PAGES = [
    "/me/legal",
    "/me/medications",
    "/me/products",
    "/me/red-flags",
    "/me/skin",
    "/me/skin/new",
    "/me/withdrawal",
    "/me/withdrawal/profile",
]
CLINICIAN_PAGES = [
    "/clinic/persons/{person_id}/skin",
    "/clinic/persons/{person_id}/withdrawal",
    "/clinic/persons/{person_id}/withdrawal/profile",
]

RULES = [
    *(Rule("GET", path, api_record(200), owner_query, clinical=True) for path in PERSON_RECORD_API),
    *(Rule("GET", path, api_signed_in(200)) for path in REFERENCE_API),
    Rule(
        "GET",
        "/api/v1/legal/{code}",
        api_signed_in(200),
        lambda _w, _who: Call(path={"code": "US-AL"}),
    ),
    *(Rule("GET", path, web_roles(200, *PERSONS), clinical=True) for path in OWN_PAGES),
    *(Rule("GET", path, web_roles(200, *PERSONS)) for path in OWN_FORMS),
    *(Rule("GET", path, web_record(200), owner_path, clinical=True) for path in CLINICIAN_PAGES),
    Rule(
        "GET",
        "/clinic/persons/{person_id}/checkin/{name}",
        web_record(200),
        owner_cows_path,
        clinical=True,
    ),
    # Product sources are shared by persons and clinicians; admins manage accounts only.
    Rule("GET", "/vendors", web_roles(200, *PERSONS, Who.CLINICIAN, Who.STRANGER_CLINICIAN)),
    Rule("GET", "/coas/upload", web_roles(200, *PERSONS, Who.CLINICIAN, Who.STRANGER_CLINICIAN)),
    # Public reference pages.
    Rule("GET", "/evidence", web_public(200)),
    Rule("GET", "/legal", web_public(200)),
]
