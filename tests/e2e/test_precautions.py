"""Precautions end to end in Chromium: a demo person adds a benzodiazepine and sees a major
interaction; ticking a red flag shows the urgent banner and puts a red-flag alert at the top of
the clinician's page for that person."""

from __future__ import annotations

from typing import Any

import pytest

from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.services.foundation.accounts import NewUser
from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "red-flag-person-1"


def test_demo_person_adds_a_benzodiazepine_and_sees_a_major_interaction(
    page: Any, live: LiveClinic
) -> None:
    person = live.person("major_interaction").account
    sign_in(page, person.email, person.password)
    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Medicines").click()
    page.wait_for_url("**/me/medications")
    page.get_by_label("Add a medicine or substance").fill("Valium")
    page.get_by_role("button", name="Add and check").click()
    page.wait_for_url("**/me/medications?notice=medication-alert*")
    found = page.locator("li.interaction", has_text="kratom with diazepam").first
    assert found.is_visible()
    assert found.locator(".badge").inner_text() == "major"
    assert "Valium" in page.locator("ul.medications").inner_text()
    # Most severe first: the first interaction on the page is major or worse.
    assert page.locator("li.interaction .badge").first.inner_text() in {"major", "contraindicated"}


def _own_person(live: LiveClinic) -> tuple[str, str]:
    """A person of this test's own (so no other test's demo person changes), sharing with the
    demo clinician."""
    services = bootstrap(live.settings)
    try:
        email = "red.flag.e2e@demo.speciosa.example"
        found = services.accounts.find_by_email(email)
        user = found or services.accounts.create_user(
            NewUser(email, Role.PERSON, PASSWORD, "Robin Redflag", jurisdiction="US-OR")
        )
        services.consent.grant(
            Actor(user.id, Role.PERSON, user.name, "127.0.0.1"), live.clinic.clinicians[0].id
        )
        return user.id, email
    finally:
        services.close()


def test_ticking_a_red_flag_shows_the_banner_and_alerts_the_clinician_first(
    page: Any, desktop: Any, live: LiveClinic
) -> None:
    person_id, email = _own_person(live)
    sign_in(page, email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Urgent help").click()
    page.wait_for_url("**/me/red-flags")
    page.get_by_label("Chest pain").check()
    page.get_by_role("button", name="Get help now").click()
    banner = page.get_by_role("alert")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "Get help now: call 911." in text
    assert "Chest pain" in text
    assert page.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"

    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto(f"/clinic/persons/{person_id}")
    first_alert = desktop.locator("ul.alerts li").first
    assert "Red flag" in first_alert.inner_text()
    assert "chest pain" in first_alert.inner_text()
    assert "kind-red_flag" in (first_alert.get_attribute("class") or "")
