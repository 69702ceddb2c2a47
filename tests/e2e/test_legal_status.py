"""Legal status end to end in Chromium (issue 12): the public page is readable on a phone (no
table cut off), shows the federal 7-OH overlay, and a person chooses their jurisdiction from the
known list and sees their state's status with the federal overlay beside it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Role
from speciosa.services.foundation.accounts import NewUser
from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "legal-status-person-1"
SHOTS = os.environ.get("SPECIOSA_SCREENSHOT_DIR")


def _shoot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=False)


def _overflow(page: Any) -> int:
    """How far the page is wider than the viewport (0 when nothing is cut off)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_the_legal_page_fits_a_phone_and_shows_the_federal_overlay(page: Any, desktop: Any) -> None:
    desktop.set_viewport_size({"width": 1280, "height": 800})
    for view, name in ((page, "legal-390x844.png"), (desktop, "legal-1280x800.png")):
        view.goto("/legal")
        assert _overflow(view) <= 0
        federal = view.locator("section.legal-federal")
        assert "0.050 %" in federal.inner_text()
        assert "MGM-16" in federal.inner_text()
        florida = view.locator("tr", has_text="Florida")
        assert "21" in florida.inner_text()
        _shoot(view, name)
        florida.scroll_into_view_if_needed()
        _shoot(view, name.replace(".png", "-states.png"))


def test_a_person_chooses_their_state_from_the_list(page: Any, live: LiveClinic) -> None:
    services = bootstrap(live.settings)
    try:
        email = "legal.status.e2e@demo.speciosa.example"
        if services.accounts.find_by_email(email) is None:
            services.accounts.create_user(NewUser(email, Role.PERSON, PASSWORD, "Lee Legal"))
    finally:
        services.close()
    sign_in(page, email, PASSWORD)
    page.goto("/me/legal")
    page.get_by_label("Country or US state").select_option("US-FL")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/me/legal?notice=jurisdiction-saved")
    card = page.locator("section.legal-status")
    assert "Florida" in card.inner_text()
    assert "minimum age 21" in card.inner_text()
    assert "MGM-15" in page.locator("section.legal-federal").inner_text()
    assert _overflow(page) <= 0
    _shoot(page, "my-legal-390x844.png")
