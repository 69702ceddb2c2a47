"""Rules for issue 8's routes: dashboard, timeline and notes, the report as page, PDF and FHIR."""

from __future__ import annotations

import uuid

from tests.reliability.authorisation import (
    CLINICIANS,
    Call,
    Rule,
    Who,
    api_record,
    api_roles,
    web_record,
)
from tests.reliability.authorisation.world import CANARY, World


def owner_path(world: World, _who: Who) -> Call:
    return Call(path={"person_id": world.owner.id})


def owner_query(world: World, _who: Who) -> Call:
    return Call(query={"person_id": world.owner.id})


def note_form(world: World, _who: Who) -> Call:
    return Call(
        path={"person_id": world.owner.id},
        form={"id": str(uuid.uuid4()), "text": f"{CANARY} note"},
    )


def note_json(world: World, _who: Who) -> Call:
    return Call(json={"id": str(uuid.uuid4()), "person_id": world.owner.id, "text": f"{CANARY}"})


RULES = [
    # ------------------------------------------------------------------ API
    Rule("GET", "/api/v1/dashboard", api_roles(200, *CLINICIANS), clinical=True),
    Rule("GET", "/api/v1/reports/{person_id}", api_record(200), owner_path, clinical=True),
    Rule("GET", "/api/v1/reports/{person_id}/pdf", api_record(200), owner_path, clinical=True),
    Rule("GET", "/api/v1/reports/{person_id}/fhir", api_record(200), owner_path, clinical=True),
    Rule("GET", "/api/v1/notes", api_record(200), owner_query, clinical=True),
    Rule(
        "POST",
        "/api/v1/notes",
        api_roles(201, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        note_json,
        clinical=True,
    ),
    # ----------------------------------------------------------------- web
    Rule("GET", "/clinic/persons/{person_id}/timeline", web_record(200), owner_path, clinical=True),
    Rule("POST", "/clinic/persons/{person_id}/notes", web_record(303), note_form, clinical=True),
    Rule("GET", "/clinic/persons/{person_id}/report", web_record(200), owner_path, clinical=True),
    Rule(
        "GET", "/clinic/persons/{person_id}/report.pdf", web_record(200), owner_path, clinical=True
    ),
    Rule(
        "GET",
        "/clinic/persons/{person_id}/report.fhir.json",
        web_record(200),
        owner_path,
        clinical=True,
    ),
]
