"""Issue 18: the complete FHIR R4 record, the read-only FHIR API and the medicine import.

Every exported and served resource is validated against HL7's official R4 (4.0.1) JSON schema
(tests/data/fhir, `jsonschema`) and parsed with the model library (fhir.resources, R4B models);
the medicine list round-trips export → import; a Bundle written here in the shape of the FHIR
specification's own examples imports; a malformed Bundle is a 422 and stores nothing.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B import get_fhir_model_class

from speciosa.adapters.clock import FixedClock
from speciosa.adapters.fhir.record import record_entries, record_json, record_json_chunks
from speciosa.adapters.fhir.served import served_resources
from speciosa.bootstrap import Services, bootstrap
from speciosa.entrypoints.app import create_app
from speciosa.services.dosing.taper_drafts import PlanDraft
from speciosa.settings import Settings
from tests.conftest import NOW, api_token, web_sign_in
from tests.support.database import open_connection
from tests.support.report_world import ReportWorld, build_report_world

SCHEMA = Path(__file__).parents[1] / "data" / "fhir" / "fhir.r4.schema.json.gz"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@lru_cache(maxsize=1)
def official_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    return schema


@cache
def validator_for(kind: str) -> jsonschema.Draft6Validator:
    """The official schema narrowed to one resource type: the same definitions, checked without
    trying every other resource type first (the schema's top-level oneOf)."""
    schema = {k: v for k, v in official_schema().items() if k != "oneOf"}
    assert kind in schema["definitions"], f"{kind} is not an R4 resource type"
    return jsonschema.Draft6Validator(schema | {"$ref": f"#/definitions/{kind}"})


def schema_problems(resource: dict[str, Any]) -> list[str]:
    """Problems against the official R4 schema. A Bundle is checked without its entries'
    resources, and each of those against its own type's definition."""
    kind = resource["resourceType"]
    checked = resource
    nested: list[dict[str, Any]] = []
    if kind == "Bundle":
        entries = resource.get("entry", [])
        nested = [e["resource"] for e in entries if "resource" in e]
        checked = resource | {
            "entry": [{k: v for k, v in e.items() if k != "resource"} for e in entries]
        }
        if not checked["entry"]:
            checked.pop("entry")
    problems = [
        f"{kind} {'/'.join(map(str, e.absolute_path))}: {e.message[:160]}"
        for e in validator_for(kind).iter_errors(checked)
    ]
    for inner in nested:
        problems += schema_problems(inner)
    return problems


def check_resource(resource: dict[str, Any]) -> None:
    """Valid against the official R4 schema and parsed by the model library."""
    problems = schema_problems(resource)
    assert problems == [], problems[:5]
    model = get_fhir_model_class(resource["resourceType"])
    assert model.model_validate(resource).get_resource_type() == resource["resourceType"]


def test_the_narrowed_validator_still_refuses_what_r4_refuses() -> None:
    """Proof the checks can fail: an R5-only element, a wrong type, an unknown resource type."""
    statement = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medication": {"concept": {"text": "kratom"}},  # R5's CodeableReference
        "subject": {"reference": "Patient/1"},
    }
    assert schema_problems(statement)
    wrapped = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": statement}]}
    assert schema_problems(wrapped)
    assert schema_problems({"resourceType": "Observation", "status": "final", "valueInteger": "1",
                            "code": {"text": "x"}})  # fmt: skip
    with pytest.raises(AssertionError, match="not an R4 resource type"):
        schema_problems({"resourceType": "SubscriptionTopic"})  # R4B/R5 only


class Clinic:
    def __init__(self, services: Services, world: ReportWorld, client: TestClient) -> None:
        self.services, self.world, self.client = services, world, client
        self.owner = api_token(client, world.person)
        self.clinician = api_token(client, world.clinician)
        self.other = api_token(client, world.other)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:
    data = tmp_path_factory.mktemp("fhir18") / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data), fast_password_hashing=True)
    clock = FixedClock(NOW)
    services = bootstrap(settings, clock=clock)
    try:
        world = build_report_world(services, clock)
        person = world.actor(world.person)
        for name in ("Suboxone", "alprazolam", "lisinopril"):
            services.precautions.add_medication(person, None, name)
        clinician = world.actor(world.clinician)
        plan = services.tapers.create_draft(
            clinician,
            world.person.id,
            PlanDraft("kratom", "8", "0.5", "10", "7", NOW.date()),
        )
        # Nothing logged before the plan: safe plan entry needs the reason recorded.
        services.tapers.approve(clinician, plan.id, "Agreed at the visit")
        services.red_flags.report(person, None, ["seizure"])
        with TestClient(create_app(settings, services)) as client:
            yield Clinic(services, world, client)
    finally:
        services.close()


def export(clinic: Clinic, headers: dict[str, str], person_id: str) -> dict[str, Any]:
    response = clinic.client.get(f"/api/v1/reports/{person_id}/fhir?days=30", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle: dict[str, Any] = response.json()
    return bundle


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def test_the_complete_record_validates_parses_and_holds_every_part(clinic: Clinic) -> None:
    bundle = export(clinic, clinic.clinician, clinic.world.person.id)
    check_resource(bundle)
    for entry in bundle["entry"]:
        check_resource(entry["resource"])
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {
        "Patient", "QuestionnaireResponse", "Observation", "MedicationStatement", "CarePlan",
        "DetectedIssue", "Flag", "Communication", "DocumentReference", "Provenance", "CodeSystem",
    } <= kinds  # fmt: skip
    listed = [s for s in of_type(bundle, "MedicationStatement") if s.get("status") == "active"]
    by_text = {s["medicationCodeableConcept"]["text"]: s for s in listed}
    assert set(by_text) == {"Suboxone", "alprazolam", "lisinopril"}
    (suboxone,) = by_text["Suboxone"]["medicationCodeableConcept"]["coding"]
    assert (suboxone["system"], suboxone["code"]) == (RXNORM, "1819")  # buprenorphine (verified)
    assert "coding" not in by_text["alprazolam"]["medicationCodeableConcept"]  # unverified code
    (plan,) = of_type(bundle, "CarePlan")
    assert plan["status"] == "active"
    assert plan["intent"] == "plan"
    assert len(plan["activity"]) >= 5
    assert any("seizure" in f["code"]["text"].lower() for f in of_type(bundle, "Flag"))
    issues = of_type(bundle, "DetectedIssue")
    assert issues
    assert all(i["severity"] in ("high", "moderate", "low") for i in issues)
    provenance = of_type(bundle, "Provenance")
    covered = {t["reference"] for p in provenance for t in p["target"]}
    others = {
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] != "Provenance"
    }
    assert covered == others  # Provenance for every resource
    (note,) = of_type(bundle, "Communication")
    (by_author,) = [p for p in provenance if p["agent"][0]["type"]["coding"][0]["code"] == "author"]
    assert by_author["target"] == [{"reference": f"urn:uuid:{note['id']}"}]
    cows = [
        o for o in of_type(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "763699005"
    ]  # fmt: skip
    assert cows


def test_the_fhir_api_serves_valid_resources_with_search_and_paging(clinic: Clinic) -> None:
    person_id = clinic.world.person.id
    metadata = clinic.client.get("/fhir/r4/metadata")
    assert metadata.status_code == 200
    assert metadata.headers["content-type"].startswith("application/fhir+json")
    statement = metadata.json()
    assert statement["fhirVersion"] == "4.0.1"
    # HL7's published R4 schema enumerates fhirVersion only up to "4.0.0" (it predates the 4.0.1
    # technical correction): check the statement with that one value as the schema knows it.
    check_resource(statement | {"fhirVersion": "4.0.0"})
    patient = clinic.client.get(f"/fhir/r4/Patient/{person_id}", headers=clinic.clinician).json()
    check_resource(patient)
    assert patient["id"] == person_id
    everything = clinic.client.get(
        f"/fhir/r4/Patient/{person_id}/$everything", headers=clinic.owner
    ).json()
    check_resource(everything)
    assert everything["type"] == "searchset"
    for entry in everything["entry"]:
        check_resource(entry["resource"])
    for kind in ("QuestionnaireResponse", "MedicationStatement", "CarePlan", "Observation"):
        found = clinic.client.get(
            f"/fhir/r4/{kind}", params={"patient": person_id}, headers=clinic.clinician
        )
        assert found.status_code == 200, found.text
        check_resource(found.json())
        assert found.json()["total"] >= 1, kind
    cows = clinic.client.get(
        "/fhir/r4/Observation",
        params={"patient": person_id, "code": "http://snomed.info/sct|763699005"},
        headers=clinic.clinician,
    ).json()
    assert cows["total"] == 1
    assert cows["entry"][0]["resource"]["subject"]["reference"] == f"Patient/{person_id}"
    tomorrow = (NOW.date() + timedelta(days=1)).isoformat()
    later = clinic.client.get(
        "/fhir/r4/Observation",
        params={"patient": person_id, "date": f"ge{tomorrow}"},
        headers=clinic.owner,
    ).json()
    assert later["total"] == 0
    paged = clinic.client.get(
        "/fhir/r4/QuestionnaireResponse", params={"_count": 2}, headers=clinic.owner
    ).json()
    assert len(paged["entry"]) == 2
    assert paged["total"] > 2
    (following,) = [link["url"] for link in paged["link"] if link["relation"] == "next"]
    second = clinic.client.get(following, headers=clinic.owner).json()
    assert {e["resource"]["id"] for e in second["entry"]}.isdisjoint(
        {e["resource"]["id"] for e in paged["entry"]}
    )
    bad = clinic.client.get(
        "/fhir/r4/Observation", params={"date": "yesterday"}, headers=clinic.owner
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/fhir+json")
    check_resource(bad.json())
    (issue,) = bad.json()["issue"]
    assert issue["code"] == "invalid"
    assert "date must be YYYY-MM-DD" in issue["diagnostics"]


def test_others_get_404_and_reads_leave_audit_rows(clinic: Clinic) -> None:
    person_id = clinic.world.person.id
    for path in (f"Patient/{person_id}", f"Patient/{person_id}/$everything"):
        refused = clinic.client.get(f"/fhir/r4/{path}", headers=clinic.other)
        assert refused.status_code == 404
        check_resource(refused.json())
        assert refused.json()["issue"][0]["code"] == "not-found"
    assert clinic.client.get(f"/fhir/r4/Patient/{person_id}").status_code == 401
    with open_connection(clinic.services) as connection:
        rows = connection.exec_driver_sql(
            "SELECT count(*) FROM audit_events WHERE resource = 'fhir_record' AND person_id = ?",
            (person_id,),
        ).scalar_one()
    assert rows >= 3


def test_the_patient_read_is_the_patient_of_the_whole_record_byte_for_byte(
    clinic: Clinic,
) -> None:
    """GET Patient/{id} no longer builds the year of record; what it sends is unchanged: the
    bytes of the Patient served from the whole record, and one more audited read."""
    person_id = clinic.world.person.id
    clinician = clinic.world.actor(clinic.world.clinician)
    record = clinic.services.clinical_record.read(clinician, person_id, "Patient")
    served = served_resources([r.json for r in record_entries(record)], person_id)
    whole = next(r for r in served if r["resourceType"] == "Patient")

    def audited() -> int:
        with open_connection(clinic.services) as connection:
            return int(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM audit_events WHERE resource = 'fhir_record' "
                    "AND resource_id = 'Patient' AND person_id = ?",
                    (person_id,),
                ).scalar_one()
            )

    before = audited()
    response = clinic.client.get(f"/fhir/r4/Patient/{person_id}", headers=clinic.clinician)
    assert response.status_code == 200
    assert response.content == json.dumps(whole, ensure_ascii=False).encode("utf-8")
    assert audited() == before + 1
    unknown = clinic.client.get("/fhir/r4/Patient/no-such-person", headers=clinic.clinician)
    assert unknown.status_code == 404


def test_the_streamed_export_is_the_bundle_byte_for_byte(clinic: Clinic) -> None:
    """`speciosa export fhir` writes the record a resource at a time; the text is exactly what
    dumping the whole Bundle at once gave (notes with authors, tapers, red flags, medicines)."""
    record = clinic.services.clinical_record.export(None, clinic.world.person.id, 366)
    whole = json.dumps(record_json(record), ensure_ascii=False, indent=1)
    streamed = list(record_json_chunks(record))
    assert len(streamed) > 10
    assert "".join(streamed) == whole
    kinds = {e["resource"]["resourceType"] for e in json.loads(whole)["entry"]}
    assert {"Patient", "Communication", "CarePlan", "Flag", "Provenance"} <= kinds
    # The API's download (no indent), built the same way, is what dumping it whole gave.
    compact = json.dumps(record_json(record), ensure_ascii=False)
    assert "".join(record_json_chunks(record, indent=False)) == compact


def post_bundle(clinic: Clinic, headers: dict[str, str], bundle: object) -> Any:
    return clinic.client.post(
        "/api/v1/medications/fhir",
        content=json.dumps(bundle),
        headers=headers | {"Content-Type": "application/fhir+json"},
    )


def test_export_then_import_of_the_medicine_list_is_lossless(clinic: Clinic) -> None:
    exported = export(clinic, clinic.owner, clinic.world.person.id)
    listed = [s for s in of_type(exported, "MedicationStatement") if s["status"] == "active"]
    sent = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": s} for s in listed],
    }
    response = post_bundle(clinic, clinic.other, sent)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {m["name"] for m in body["added"]} == {"Suboxone", "alprazolam", "lisinopril"}
    assert [u["name"] for u in body["unknown_codes"]] == []
    again = export(clinic, clinic.other, clinic.world.other.id)
    concepts = sorted(
        (json.dumps(s["medicationCodeableConcept"], sort_keys=True))
        for s in of_type(again, "MedicationStatement")
        if s["status"] == "active"
    )
    assert concepts == sorted(
        json.dumps(s["medicationCodeableConcept"], sort_keys=True) for s in listed
    )
    assert "major" in json.dumps(body["check"]) or body["check"]["interactions"]
    replay = post_bundle(clinic, clinic.other, sent).json()  # nothing twice
    assert replay["added"] == []
    assert len(replay["already_listed"]) == 3


def test_an_unknown_code_keeps_its_display_through_import_and_export(clinic: Clinic) -> None:
    coding = {"system": "http://example.org/portal/drugs", "code": "LIS-10"}
    concept = {
        "coding": [coding | {"display": "LISINOPRIL 10MG TAB"}],
        "text": "Lisinopril 10 mg tablet",
    }
    statement = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/x"},
    }
    sent = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": statement}]}
    response = post_bundle(clinic, clinic.other, sent)
    assert response.status_code == 200, response.text
    assert response.json()["unknown_codes"][0]["name"] == "Lisinopril 10 mg tablet"
    exported = export(clinic, clinic.other, clinic.world.other.id)
    (back,) = [
        s["medicationCodeableConcept"]
        for s in of_type(exported, "MedicationStatement")
        if s["medicationCodeableConcept"].get("text") == "Lisinopril 10 mg tablet"
    ]
    assert back == concept
    too_long = statement | {
        "medicationCodeableConcept": {"coding": [{"system": "s", "code": "9" * 65}]}
    }
    refused = post_bundle(clinic, clinic.other, sent | {"entry": [{"resource": too_long}]})
    assert refused.status_code == 422
    assert "too long to keep" in refused.json()["detail"]


# Modelled on the FHIR specification's own MedicationStatement examples (hl7.org/fhir,
# medicationstatementexample1 and -4; element names as in R4): example001, "Patient reports they
# are taking Tylenol PM and has the bottle" — a contained Medication "med0309" coded NDC
# 50580-506-02 "Tylenol PM", reached by medicationReference "#med0309", subject Patient/pat1
# "Donald Duck"; example004, "Patient reports they were taking Amoxycillin in the past but are not
# taking it now" — status completed, SNOMED CT 27658006 "Amoxicillin (product)". A
# MedicationRequest with an RxNorm code (methadone, 6813) stands for a portal's prescription list.
SPEC_STYLE_BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "http://hl7.org/fhir/MedicationStatement/example001",
            "resource": {
                "resourceType": "MedicationStatement",
                "id": "example001",
                "contained": [
                    {
                        "resourceType": "Medication",
                        "id": "med0309",
                        "code": {
                            "coding": [
                                {
                                    "system": "http://hl7.org/fhir/sid/ndc",
                                    "code": "50580-506-02",
                                    "display": "Tylenol PM",
                                }
                            ]
                        },
                        "form": {
                            "coding": [
                                {
                                    "system": "http://snomed.info/sct",
                                    "code": "385057009",
                                    "display": "Film-coated tablet (qualifier value)",
                                }
                            ]
                        },
                    }
                ],
                "identifier": [
                    {
                        "use": "official",
                        "system": "http://www.bmc.nl/portal/medstatements",
                        "value": "12345689",
                    }
                ],
                "status": "active",
                "category": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
                            "code": "inpatient",
                            "display": "Inpatient",
                        }
                    ]
                },
                "medicationReference": {"reference": "#med0309"},
                "subject": {"reference": "Patient/pat1", "display": "Donald Duck"},
                "effectiveDateTime": "2015-01-23",
                "dateAsserted": "2015-02-22",
                "informationSource": {"reference": "Patient/pat1", "display": "Donald Duck"},
                "reasonCode": [
                    {
                        "coding": [
                            {
                                "system": "http://snomed.info/sct",
                                "code": "32914008",
                                "display": "Restless Legs",
                            }
                        ]
                    }
                ],
                "note": [{"text": "Patient indicates they miss the occasional dose"}],
            },
        },
        {
            "fullUrl": "http://hl7.org/fhir/MedicationStatement/example004",
            "resource": {
                "resourceType": "MedicationStatement",
                "id": "example004",
                "status": "completed",
                "medicationCodeableConcept": {
                    "coding": [
                        {
                            "system": "http://snomed.info/sct",
                            "code": "27658006",
                            "display": "Amoxicillin (product)",
                        }
                    ]
                },
                "subject": {"reference": "Patient/pat1", "display": "Donald Duck"},
                "effectiveDateTime": "2014-01-23",
                "dateAsserted": "2015-02-22",
            },
        },
        {
            "fullUrl": "http://example.org/portal/MedicationRequest/rx-1",
            "resource": {
                "resourceType": "MedicationRequest",
                "id": "rx-1",
                "status": "active",
                "intent": "order",
                "medicationCodeableConcept": {
                    "coding": [{"system": RXNORM, "code": "6813", "display": "methadone"}]
                },
                "subject": {"reference": "Patient/pat1"},
                "authoredOn": "2015-01-15",
            },
        },
    ],
}


def test_a_bundle_from_the_specifications_examples_imports(clinic: Clinic) -> None:
    check_resource(SPEC_STYLE_BUNDLE)
    response = post_bundle(clinic, clinic.clinician, SPEC_STYLE_BUNDLE)
    assert response.status_code == 422  # a clinician must say whose list
    response = clinic.client.post(
        f"/api/v1/medications/fhir?person_id={clinic.world.person.id}",
        content=json.dumps(SPEC_STYLE_BUNDLE),
        headers=clinic.clinician | {"Content-Type": "application/fhir+json"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {m["name"] for m in body["added"]} == {"Tylenol PM", "methadone"}
    assert body["unknown_codes"] == [
        {"name": "Tylenol PM", "system": "http://hl7.org/fhir/sid/ndc", "code": "50580-506-02"}
    ]
    assert body["not_current"] == [
        {"name": "Amoxicillin (product)", "system": "http://snomed.info/sct", "code": "27658006"}
    ]
    assert "Tylenol PM" in body["check"]["unrecognised"]
    assert any("methadone" in (i["substance"], i["with"]) for i in body["check"]["interactions"])
    listed = clinic.client.get("/api/v1/medications", headers=clinic.owner).json()["items"]
    assert "Amoxicillin (product)" not in {m["name"] for m in listed}


@pytest.mark.parametrize(
    ("bundle", "words"),
    [
        ("{not json", "not valid JSON"),
        ({"resourceType": "Patient"}, "not a FHIR Bundle"),
        ({"resourceType": "Bundle", "type": "collection", "entry": "x"}, "not valid FHIR"),
        ({"resourceType": "Bundle", "type": "collection"}, "holds no medicines"),
    ],
)
def test_a_malformed_bundle_is_422_with_a_clear_message(
    clinic: Clinic, bundle: object, words: str
) -> None:
    content = bundle if isinstance(bundle, str) else json.dumps(bundle)
    response = clinic.client.post(
        "/api/v1/medications/fhir",
        content=content,
        headers=clinic.owner | {"Content-Type": "application/fhir+json"},
    )
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"]


def test_nothing_is_half_stored(clinic: Clinic) -> None:
    before = clinic.client.get("/api/v1/medications", headers=clinic.owner).json()["items"]
    good = {"resourceType": "MedicationStatement", "status": "active",
            "medicationCodeableConcept": {"text": "gabapentin"},
            "subject": {"reference": "Patient/x"}}  # fmt: skip
    dangling = good | {
        "medicationCodeableConcept": None,
        "medicationReference": {"reference": "Medication/none"},
    }
    dangling.pop("medicationCodeableConcept")
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": good}, {"resource": dangling}]}  # fmt: skip
    response = post_bundle(clinic, clinic.owner, bundle)
    assert response.status_code == 422
    assert "points at no Medication" in response.json()["detail"]
    after = clinic.client.get("/api/v1/medications", headers=clinic.owner).json()["items"]
    assert after == before


def test_entered_in_error_maps_to_the_fhir_status() -> None:
    from speciosa.domain.reports.clinical_record import RecordStatus, record_status

    assert record_status("entered_in_error") is RecordStatus.ENTERED_IN_ERROR
    assert record_status("entered-in-error") is RecordStatus.ENTERED_IN_ERROR
    assert record_status(None) is RecordStatus.CURRENT
    assert record_status("recorded") is RecordStatus.CURRENT


def test_the_consented_clinician_imports_on_the_persons_page(clinic: Clinic) -> None:
    """The clinician's page of the person: upload, redirect with a notice, list updated; a
    malformed file is the error page saying what is wrong, and nothing is stored."""
    person_id = clinic.world.person.id
    with TestClient(clinic.client.app) as browser:
        csrf = web_sign_in(browser, clinic.world.clinician)
        page = browser.get(f"/clinic/persons/{person_id}")
        assert "Import medicines from another system" in page.text
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {
                    "resource": {
                        "resourceType": "MedicationStatement",
                        "status": "active",
                        "medicationCodeableConcept": {
                            "coding": [{"system": RXNORM, "code": "7243", "display": "naltrexone"}],
                            "text": "Naltrexone 50 mg",
                        },
                        "subject": {"reference": "Patient/x"},
                    }
                }
            ],
        }
        sent = browser.post(
            f"/clinic/persons/{person_id}/medications/fhir",
            data={"csrf_token": csrf},
            files={"bundle": ("meds.json", json.dumps(bundle).encode(), "application/json")},
            follow_redirects=False,
        )
        assert sent.status_code == 303
        assert sent.headers["location"].endswith("notice=medications-imported#precautions-h")
        shown = browser.get(sent.headers["location"]).text
        assert "Medicines imported from the FHIR file" in shown
        assert "Naltrexone 50 mg" in shown
        before = clinic.client.get("/api/v1/medications", headers=clinic.owner).json()["items"]
        refused = browser.post(
            f"/clinic/persons/{person_id}/medications/fhir",
            data={"csrf_token": csrf},
            files={"bundle": ("meds.json", b'{"resourceType": "Patient"}', "application/json")},
        )
        assert refused.status_code == 422
        assert "not a FHIR Bundle" in refused.text
        after = clinic.client.get("/api/v1/medications", headers=clinic.owner).json()["items"]
        assert after == before


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000 + b"]" * 100_000, b'{"resourceType": "Bundle", "n": ' + b"9" * 5000 + b"}"],
    ids=["nested-too-deep", "number-too-long"],
)
def test_a_hostile_upload_on_the_web_form_is_refused_not_a_crash(raw: bytes) -> None:
    # The web form's upload does not pass the API's JSON body guard: the parser refuses it itself.
    from speciosa.adapters.fhir.medication_import import parse_bundle
    from speciosa.domain.foundation.errors import InvalidInput

    with pytest.raises(InvalidInput, match="send a FHIR R4 Bundle"):
        parse_bundle(raw)
