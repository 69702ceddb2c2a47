"""Issue 3 end to end in Chromium: a demo person completes the SOWS check-in on a 390×844 phone,
the new point appears on their chart, and the severe score raises an alert that the demo
clinician sees and acknowledges."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, sign_in
from tests.support.instruments import SOWS_ITEMS

pytestmark = pytest.mark.browser


def test_a_severe_phone_checkin_reaches_the_chart_and_the_clinician(
    page: Any, desktop: Any, live: LiveClinic
) -> None:
    # "darkening" is a story about skin photos; its withdrawal history has no severe day.
    person = live.person("darkening").account
    sign_in(page, person.email, person.password)
    page.get_by_role("link", name="Check in now — about a minute").click()
    page.wait_for_url("**/me/checkin")
    for item in SOWS_ITEMS:
        label = page.locator(f"label[for='sows-{item}-4']")
        box = label.bounding_box()
        assert box is not None
        assert box["height"] >= 48
        assert box["width"] >= 48
        label.click()
    page.get_by_label("Anything else?").fill("Worst day so far.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url("**/me/withdrawal?notice=checkin-saved")
    assert "Check-in saved." in page.locator("main").inner_text()
    today = datetime.now(UTC).date().isoformat()
    point = page.locator(f"svg.withdrawal-chart circle[data-day='{today}']")
    assert point.get_attribute("data-total") == "64"
    assert "64" in page.locator("table").inner_text()

    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    desktop.get_by_role("link", name=person.name).click()
    alert = desktop.locator("li.alert", has_text="SOWS 64")
    assert alert.count() == 1
    assert "severe (NIDA CTN band)" in alert.inner_text()
    alert.get_by_role("button", name="Acknowledge").click()
    desktop.wait_for_load_state()
    assert "Alert acknowledged." in desktop.locator("main").inner_text()
    done = desktop.locator("li.alert", has_text="SOWS 64")
    assert "Acknowledged" in done.inner_text()
    assert done.get_by_role("button", name="Acknowledge").count() == 0
