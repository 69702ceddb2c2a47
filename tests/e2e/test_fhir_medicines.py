"""FHIR medicine import end to end in Chromium: a person uploads a Bundle from a patient portal
on the medicines page, sees what was imported and which code Speciosa did not know (by name),
and the interaction check names the interaction with kratom."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Role
from speciosa.services.foundation.accounts import NewUser
from tests.e2e.conftest import DESKTOP, LiveClinic, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "fhir-import-person-1"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
PORTAL_BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "resource": {
                "resourceType": "MedicationRequest",
                "status": "active",
                "intent": "order",
                "medicationCodeableConcept": {
                    "coding": [{"system": RXNORM, "code": "3322", "display": "diazepam"}],
                    "text": "Valium 5 mg tablet",
                },
                "subject": {"reference": "Patient/portal-1"},
            }
        },
        {
            "resource": {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": {
                    "coding": [
                        {"system": "http://snomed.info/sct", "code": "27658006",
                         "display": "Amoxicillin"}
                    ]
                },
                "subject": {"reference": "Patient/portal-1"},
            }
        },
    ],
}  # fmt: skip


def _own_person(live: LiveClinic) -> str:
    services = bootstrap(live.settings)
    try:
        email = "fhir.import.e2e@demo.speciosa.example"
        if services.accounts.find_by_email(email) is None:
            services.accounts.create_user(
                NewUser(email, Role.PERSON, PASSWORD, "Frida Import", jurisdiction="US-OR")
            )
        return email
    finally:
        services.close()


def test_a_person_imports_a_portal_bundle_and_sees_the_check(
    page: Any, live: LiveClinic, tmp_path: Path
) -> None:
    sign_in(page, _own_person(live), PASSWORD)
    page.goto("/me/medications")
    page.get_by_label("Import from another system").set_input_files(
        files=[
            {
                "name": "portal.json",
                "mimeType": "application/fhir+json",
                "buffer": json.dumps(PORTAL_BUNDLE).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Import and check").click()
    page.wait_for_load_state()
    result = page.locator("#import-result").inner_text()
    assert "Imported and checked: Valium 5 mg tablet, Amoxicillin." in result
    assert "codes are not ones Speciosa knows" in result
    assert "Amoxicillin" in result
    assert "Valium 5 mg tablet" in page.locator("ul.medications").inner_text()
    assert page.locator("li.interaction", has_text="kratom with diazepam").first.is_visible()
    shots = os.environ.get("SPECIOSA_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/fhir-import-phone.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=f"{shots}/fhir-import-desktop.png", full_page=True)
    page.get_by_label("Import from another system").set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": b'{"a": 1}'}]
    )
    page.get_by_role("button", name="Import and check").click()
    page.wait_for_load_state()
    assert "not a FHIR Bundle" in page.get_by_role("alert").inner_text()
    if shots:
        page.screenshot(path=f"{shots}/fhir-import-error.png", full_page=True)
