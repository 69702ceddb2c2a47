"""The FHIR R4 Bundle, checked by an outside validator — HL7's official R4 (4.0.1) JSON schema
(tests/data/fhir, validated with the `jsonschema` package) — and by the rules the schema cannot
express: every Observation total equals the sum of the ordinal values of the answers of the
QuestionnaireResponse it is derived from, references resolve inside the Bundle, status is set."""

from __future__ import annotations

import copy
import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.adapters.fhir.bundle import to_fhir_bundle
from tests.services.clinic import build_clinic
from tests.support.report_world import COWS_PULSE_BPM, SOWS_TOTALS, build_report_world

SCHEMA = Path(__file__).parents[1] / "data" / "fhir" / "fhir.r4.schema.json.gz"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
DATETIME_WITH_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
# Elements whose R4 cardinality is 1..1 (hl7.org/fhir/R4, each resource's page).
REQUIRED = {
    "Bundle": ["type"],
    "Observation": ["status", "code"],
    "QuestionnaireResponse": ["status"],
    "Questionnaire": ["status"],
    "MedicationStatement": ["status", "subject", "medicationCodeableConcept"],
    "CodeSystem": ["status", "content"],
}


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


def problems(resource: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator().iter_errors(resource)
    ]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from dataclasses import replace

    from speciosa.settings import Settings
    from tests.conftest import NOW

    data = tmp_path_factory.mktemp("fhir") / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data), fast_password_hashing=True)
    clock = FixedClock(NOW)
    clinic = build_clinic(settings, clock)
    world = build_report_world(clinic, clock)
    report = clinic.reports.export(world.actor(world.clinician), world.person.id, "fhir", 30)
    return to_fhir_bundle(report)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_validates_against_the_official_r4_schema(bundle: dict[str, Any]) -> None:
    assert problems(bundle) == []


def test_the_schema_is_r4_and_refuses_r5_only_elements(bundle: dict[str, Any]) -> None:
    """Proof the validator would catch an R5/R4B-only shape: CodeableReference is not in R4."""
    schema = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    assert "CodeableReference" not in schema["definitions"]
    statement = copy.deepcopy(resources(bundle, "MedicationStatement")[0])
    statement.pop("medicationCodeableConcept")
    statement["medication"] = {"concept": {"text": "kratom"}}  # R5's CodeableReference
    assert problems(statement)
    observation = copy.deepcopy(resources(bundle, "Observation")[0])
    observation["valueInteger"] = "12"  # an integer must be a JSON number
    assert problems(observation)


def test_contents_patient_questionnaires_responses_observations_statements(
    bundle: dict[str, Any],
) -> None:
    assert bundle["type"] == "collection"
    assert len(resources(bundle, "Patient")) == 1
    assert {q["name"] for q in resources(bundle, "Questionnaire")} == {"SOWS", "COWS"}
    responses = resources(bundle, "QuestionnaireResponse")
    assert len(responses) == len(SOWS_TOTALS) + 1  # one per check-in
    totals = [o for o in resources(bundle, "Observation") if "valueInteger" in o]
    assert len(totals) == len(responses)
    assert len(resources(bundle, "MedicationStatement")) == len(SOWS_TOTALS)


def test_every_total_equals_the_sum_of_its_answers_ordinal_values(bundle: dict[str, Any]) -> None:
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    totals = [o for o in resources(bundle, "Observation") if "valueInteger" in o]
    assert totals
    for observation in totals:
        assert isinstance(observation["valueInteger"], int)
        (source,) = observation["derivedFrom"]
        response = by_url[source["reference"]]
        assert response["resourceType"] == "QuestionnaireResponse"
        ordinals = []
        for item in response["item"]:
            (answer,) = item["answer"]
            (extension,) = answer["valueCoding"]["extension"]
            assert extension["url"] == ORDINAL
            ordinals.append(extension["valueDecimal"])
        assert observation["valueInteger"] == sum(ordinals)


def test_the_pulse_in_bpm_stays_out_of_the_scored_answers(bundle: dict[str, Any]) -> None:
    cows = next(
        r for r in resources(bundle, "QuestionnaireResponse") if "/cows|" in r["questionnaire"]
    )
    link_ids = {i["linkId"] for i in cows["item"]}
    assert "pulse" in link_ids  # the banded score is an answer
    assert "pulse_bpm" not in link_ids  # the measurement is not
    (heart_rate,) = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "8867-4"
    ]
    assert heart_rate["valueQuantity"]["value"] == COWS_PULSE_BPM
    assert "derivedFrom" not in heart_rate


def test_codes_snomed_for_cows_speciosa_for_the_rest_no_borrowed_loinc(
    bundle: dict[str, Any],
) -> None:
    totals = {
        o["code"]["coding"][0]["system"] + "|" + o["code"]["coding"][0]["code"]
        for o in resources(bundle, "Observation")
        if "valueInteger" in o
    }
    assert "http://snomed.info/sct|763699005" in totals
    assert "http://speciosa.example/fhir/CodeSystem/withdrawal-scores|sows-total" in totals
    loinc = [
        c["code"]
        for o in resources(bundle, "Observation")
        for c in o["code"]["coding"]
        if c["system"] == "http://loinc.org"
    ]
    assert loinc == ["8867-4"]  # heart rate only; no LOINC code stands for a withdrawal score
    systems = {c["url"]: c for c in resources(bundle, "CodeSystem")}
    for system in systems.values():
        assert "no standard code" in system["description"].lower()


def test_references_resolve_inside_the_bundle_and_ids_follow_r4(bundle: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert all(u.startswith("urn:uuid:") for u in urls)
    assert len(urls) == len(bundle["entry"])
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "reference" in node:
                found.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundle)
    assert found
    assert set(found) <= urls
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert ID.match(entry["resource"]["id"])


def test_status_is_always_set_and_datetimes_carry_seconds_and_a_zone(
    bundle: dict[str, Any],
) -> None:
    for entry in [{"resource": bundle}, *bundle["entry"]]:
        resource = entry["resource"]
        for element in REQUIRED.get(resource["resourceType"], []):
            assert element in resource, f"{resource['resourceType']} lacks {element}"
    stamps = [bundle["timestamp"]]
    for kind, key in (
        ("QuestionnaireResponse", "authored"),
        ("Observation", "effectiveDateTime"),
        ("MedicationStatement", "effectiveDateTime"),
    ):
        stamps += [r[key] for r in resources(bundle, kind)]
    assert stamps
    for stamp in stamps:
        assert DATETIME_WITH_TIME.match(stamp), stamp
