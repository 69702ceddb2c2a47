"""Signing in as the demo clinician and as a demo person works in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, sign_in

pytestmark = pytest.mark.browser


def test_demo_person_signs_in_on_a_phone_and_signs_out(page: Any, live: LiveClinic) -> None:
    person = live.person("smooth_taper").account
    sign_in(page, person.email, person.password)
    assert page.url.endswith("/me")
    assert page.get_by_role("heading", level=1).inner_text() == f"Hello, {person.name}"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in**")
    assert "You are signed out" in page.content()


def test_demo_clinician_signs_in_and_sees_persons(desktop: Any, live: LiveClinic) -> None:
    clinician = live.clinic.clinicians[0]
    sign_in(desktop, clinician.email, clinician.password)
    assert desktop.url.endswith("/clinic")
    body = desktop.locator("main").inner_text()
    for person in live.clinic.persons:
        assert person.account.name in body


def test_a_wrong_password_says_so(page: Any, live: LiveClinic) -> None:
    sign_in(page, live.clinic.clinicians[0].email, "not-the-password")
    assert page.get_by_role("alert").inner_text() == "The e-mail or password is not right."
