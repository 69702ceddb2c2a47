"""Issue 6, point 2 end to end in Chromium: the red-flag checklist is part of every daily
check-in; ticking a flag shows the urgent banner at once and puts the person at the top of the
clinician's dashboard, with the red-flag alert first on their page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser


def test_a_red_flag_ticked_on_the_checkin_shows_the_banner_and_alerts_the_clinician(
    page: Any, desktop: Any, live: LiveClinic
) -> None:
    person = live.person("smooth_taper").account
    sign_in(page, person.email, person.password)
    page.goto("/me/checkin")
    for index, label in enumerate(page.locator(".choices").all()):
        label.locator("label").nth(index % 2).click()
    page.get_by_label("Trouble breathing").check()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url("**/me/red-flags/*")
    banner = page.get_by_role("alert")
    assert "Trouble breathing" in banner.inner_text()
    assert page.locator("a[href^='tel:']").count() >= 1

    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto("/clinic")
    # Red flags rank first, newest first: this person's just-ticked flag tops the dashboard.
    top = desktop.locator("li.triage-row").first
    assert top.get_attribute("data-person-id") == person.id
    assert "Red flag" in top.locator("p.reason").inner_text()
    top.get_by_role("link", name=person.name).click()
    first_alert = desktop.locator("section[aria-labelledby='alerts-h'] li.alert").first
    assert "Red flag" in first_alert.inner_text()
    assert "trouble breathing" in first_alert.inner_text().lower()
