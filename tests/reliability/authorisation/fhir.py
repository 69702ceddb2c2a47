"""Rules for issue 18's routes: the read-only FHIR R4 API (bearer tokens as /api/v1; the Patient
id is the person's id) and the FHIR medicine import."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_public,
    api_record,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.world import World


def owner_patient(world: World, _who: Who) -> Call:
    return Call(path={"patient_id": world.owner.id})


def owner_search(world: World, _who: Who) -> Call:
    return Call(query={"patient": world.owner.id})


def bundle_of_one() -> dict[str, object]:
    name = f"imported-{uuid.uuid4().hex[:8]}"  # new each call: a success always adds
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "MedicationStatement",
                    "status": "active",
                    "medicationCodeableConcept": {"text": name},
                    "subject": {"reference": "Patient/x"},
                }
            }
        ],
    }


def medication_bundle(world: World, _who: Who) -> Call:
    return Call(query={"person_id": world.owner.id}, json=bundle_of_one())


def owner_file(world: World, who: Who) -> Call:
    return replace(medication_file(world, who), path={"person_id": world.owner.id})


def medication_file(_world: World, _who: Who) -> Call:
    content = json.dumps(bundle_of_one()).encode()
    return Call(form={}, files={"bundle": ("medicines.json", content, "application/fhir+json")})


RULES = [
    Rule("GET", "/fhir/r4/metadata", api_public(200)),
    Rule("GET", "/fhir/r4/Patient/{patient_id}", api_record(200), owner_patient, clinical=True),
    Rule(
        "GET",
        "/fhir/r4/Patient/{patient_id}/$everything",
        api_record(200),
        owner_patient,
        clinical=True,
    ),
    *[
        Rule("GET", f"/fhir/r4/{kind}", api_record(200), owner_search, clinical=True)
        for kind in ("QuestionnaireResponse", "Observation", "MedicationStatement", "CarePlan")
    ],
    Rule("POST", "/api/v1/medications/fhir", api_record(200), medication_bundle, clinical=True),
    # The person's own medicines page: each person imports onto their own list.
    Rule("POST", "/me/medications/fhir", web_roles(200, *PERSONS), medication_file, clinical=True),
    # A clinician's page of a person: the consented clinician imports onto the owner's list.
    Rule(
        "POST",
        "/clinic/persons/{person_id}/medications/fhir",
        web_record(303),
        owner_file,
        clinical=True,
    ),
]
