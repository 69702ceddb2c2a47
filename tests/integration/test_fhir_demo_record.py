"""Issue 18 on the demo clinic (every story: taper with holds, failed certificate, interaction,
skin darkening, missed week): each person's complete FHIR record validates against HL7's
official R4 JSON schema and parses with the model library, and carries skin measurements with
UCUM units and bodySite, certificates as DiagnosticReport + one Observation per analyte, and
taper holds as CarePlan activities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from speciosa.adapters.fhir.r4_models import to_json
from speciosa.adapters.fhir.record import record_json, to_fhir_record
from speciosa.bootstrap import bootstrap
from speciosa.demo_seeding import seed_demo
from speciosa.settings import Settings
from tests.integration.test_fhir_record_api import check_resource

UCUM = "http://unitsofmeasure.org"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict[str, Any]]]:
    data = tmp_path_factory.mktemp("fhir-demo") / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data), fast_password_hashing=True)
    clinic = seed_demo(settings, persons=6, days=21, seed=1)
    services = bootstrap(settings)
    try:
        exported = [services.clinical_record.export(None, p.account.id, 30) for p in clinic.persons]
        bundles = [record_json(r) for r in exported]
        # What is sent (each resource's JSON) is exactly the Bundle as one model.
        assert to_json(to_fhir_record(exported[0])) == bundles[0]
        yield bundles
    finally:
        services.close()


def resources(bundles: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [
        e["resource"] for b in bundles for e in b["entry"] if e["resource"]["resourceType"] == kind
    ]


def test_every_demo_record_validates_and_parses(records: list[dict[str, Any]]) -> None:
    assert len(records) == 6
    for bundle in records:
        check_resource(bundle)
        urls = {e["fullUrl"] for e in bundle["entry"]}
        for entry in bundle["entry"]:
            check_resource(entry["resource"])
        covered = {t["reference"] for p in resources([bundle], "Provenance") for t in p["target"]}
        others = {
            e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] != "Provenance"
        }
        assert covered == others  # Provenance for every resource, and only for them
        assert covered <= urls


def test_skin_measurements_carry_cielab_and_ita_in_ucum_with_the_site(
    records: list[dict[str, Any]],
) -> None:
    skin = [
        o for o in resources(records, "Observation")
        if o["code"]["coding"][0]["code"] == "skin-colour"
    ]  # fmt: skip
    assert skin
    for observation in skin:
        assert observation["bodySite"]["text"]
        units = [c["valueQuantity"] for c in observation["component"]]
        assert [(u["system"], u["code"]) for u in units] == [
            (UCUM, "1"),
            (UCUM, "1"),
            (UCUM, "1"),
            (UCUM, "deg"),
        ]


def test_certificates_are_reports_with_an_observation_per_analyte(
    records: list[dict[str, Any]],
) -> None:
    for bundle in records:
        by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
        for report in resources([bundle], "DiagnosticReport"):
            assert report["conclusion"].startswith("Verdict at the person's daily amount")
            analytes = [by_url[r["reference"]] for r in report["result"]]
            assert analytes
            assert all(a["resourceType"] == "Observation" for a in analytes)
    assert any("fail" in r["conclusion"] for r in resources(records, "DiagnosticReport")), (
        "the failed-certificate story shows its verdict"
    )


def test_taper_plans_carry_their_steps_and_holds(records: list[dict[str, Any]]) -> None:
    plans = resources(records, "CarePlan")
    assert plans
    kinds = {a["detail"]["code"]["coding"][0]["code"] for p in plans for a in p["activity"]}
    assert kinds == {"taper-step", "taper-hold"}
