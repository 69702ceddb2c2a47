"""The demo clinician's day in Chromium: the dashboard sorted by risk with a reason on every row,
open a person, acknowledge an alert with a note, download the PDF report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser


def test_dashboard_person_acknowledge_and_pdf(
    desktop: Any, live: LiveClinic, tmp_path: Path
) -> None:
    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    assert desktop.url.endswith("/clinic")
    rows = desktop.locator("li.triage-row")
    assert rows.count() == len(live.clinic.persons)
    ranks = [int(r.get_attribute("data-rank")) for r in rows.all()]
    assert ranks == sorted(ranks)
    assert ranks[0] == 0  # the demo's red flag (major_interaction story) comes first
    for row in rows.all():
        assert row.locator("p.reason").inner_text().strip()
        assert row.locator("svg.sparkline").count() == 1
    assert "Red flag" in rows.first.locator("p.reason").inner_text()

    person = live.person("missed_week").account
    row = desktop.locator("li.triage-row", has_text=person.name)
    assert "Missed check-ins" in row.locator("p.reason").inner_text()
    row.get_by_role("link", name=person.name).click()
    desktop.wait_for_url(f"**/clinic/persons/{person.id}")

    alert = desktop.locator("li.alert", has_text="No check-in since").first
    alert.get_by_placeholder("Note (optional)").fill("Left a voicemail.")
    alert.get_by_role("button", name="Acknowledge").click()
    desktop.wait_for_load_state()
    assert "Alert acknowledged." in desktop.locator("main").inner_text()
    done = desktop.locator("li.alert", has_text="No check-in since").first
    assert "Left a voicemail." in done.inner_text()

    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="PDF (90 days)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with pdfplumber.open(saved) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert person.name in text
    assert "SOWS" in text
