"""In Chromium: a demo person uploads a lab certificate for the batch they take and sees the
verdict with its reasons; the vendor scorecard lists the demo vendors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from speciosa.services.demo.sources import BATCHES
from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser
DATA = Path(__file__).parent.parent / "data" / "coa"


def test_person_uploads_a_certificate_and_sees_why_it_fails(page: Any, live: LiveClinic) -> None:
    person = live.person("failed_coa").account
    sign_in(page, person.email, person.password)
    page.get_by_role("navigation", name="Main").get_by_text("More").click()  # the phone menu
    page.get_by_role("link", name="Your kratom").first.click()
    page.wait_for_url("**/me/products")
    assert "Taking now" in page.locator("main").inner_text()
    page.get_by_role("link", name="Upload a lab certificate for this batch").first.click()
    page.wait_for_url("**/coas/upload**")
    assert "SHS-RMD-2611" in page.get_by_label("Batch").inner_text()
    page.get_by_label("Certificate file").set_input_files(str(DATA / "failing_lead.csv"))
    page.get_by_role("button", name="Check the certificate").click()
    page.wait_for_url("**/coas/*")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "fails" in heading
    why = page.locator("section", has=page.get_by_role("heading", name="Why")).inner_text()
    assert "Lead" in why
    assert "USP" in why
    assert "Utah" in why
    assert "3.1 µg/g" in page.locator("table").inner_text()


def test_vendor_scorecard_lists_the_demo_vendors(desktop: Any, live: LiveClinic) -> None:
    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto("/vendors")
    table = desktop.locator("table.scorecard").inner_text()
    for vendor in {b.vendor for b in BATCHES}:
        assert vendor in table
    assert "Kratom recalls and warnings" in desktop.locator("main").inner_text()
