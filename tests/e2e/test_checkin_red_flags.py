"""Issue 6, point 2 end to end in Chromium: the red-flag checklist is part of every daily
check-in; ticking a flag shows the urgent banner at once and puts the person at the top of the
clinician's dashboard, with the red-flag alert first on their page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, open_top_red_flag, report_red_flag_on_checkin, sign_in

pytestmark = pytest.mark.browser


def test_a_red_flag_ticked_on_the_checkin_shows_the_banner_and_alerts_the_clinician(
    page: Any, desktop: Any, live: LiveClinic
) -> None:
    person = live.person("smooth_taper").account
    sign_in(page, person.email, person.password)
    report_red_flag_on_checkin(page, "Trouble breathing")
    banner = page.get_by_role("alert")
    assert "Trouble breathing" in banner.inner_text()
    assert page.locator("a[href^='tel:']").count() >= 1

    # Red flags rank first, newest first: this person's just-ticked flag tops the dashboard.
    first_alert = open_top_red_flag(desktop, live.clinic.clinicians[0], person)
    assert "Red flag" in first_alert
    assert "trouble breathing" in first_alert.lower()
