"""Issue 12 end to end in Chromium: ticking "thoughts of suicide or self-harm" shows the crisis
line of the person's jurisdiction (a US state person: 988) and puts a red-flag alert at the top
of the clinician's dashboard; correcting a dose changes the day's total and keeps the original
in the history, struck through and marked "Corrected"."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, open_top_red_flag, report_red_flag_on_checkin, sign_in

pytestmark = pytest.mark.browser


def test_self_harm_shows_the_crisis_line_and_alerts_the_clinician_first(
    page: Any, desktop: Any, live: LiveClinic
) -> None:
    person = live.person("hold_after_rise").account  # jurisdiction US-GA: US numbers apply
    sign_in(page, person.email, person.password)
    report_red_flag_on_checkin(page, "Thoughts of suicide or self-harm")
    banner = page.locator("section.urgent-banner")
    text = banner.inner_text()
    assert "call or text 988 (988 Suicide & Crisis Lifeline" in text
    assert "or call 911 if you are in danger" in text
    assert "Stay with someone" in text
    assert "clinician has been alerted" in text
    crisis = page.locator("a.crisis-line")
    assert crisis.get_attribute("href") == "tel:988"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    first_alert = open_top_red_flag(desktop, live.clinic.clinicians[0], person)
    assert "thoughts of suicide or self-harm" in first_alert.lower()


def today_grams(page: Any) -> Decimal:
    text = page.locator("section[aria-labelledby='today-h']").inner_text()
    found = re.search(r"kratom doses?, ([\d.]+) g", text)
    return Decimal(found.group(1)) if found else Decimal(0)


def test_correcting_a_dose_changes_the_days_total_and_keeps_the_original(
    page: Any, live: LiveClinic
) -> None:
    person = live.person("hold_after_rise").account
    sign_in(page, person.email, person.password)
    page.goto("/me/doses")
    before = today_grams(page)
    page.get_by_label("Product").select_option(label="Other kratom (grams)")
    page.get_by_label("Amount").fill("30")  # meant 3.0
    page.get_by_role("button", name="Log kratom dose").click()
    page.wait_for_url("**notice=dose-*")
    assert today_grams(page) == before + 30

    row = page.locator("tr.dose-row.status-current", has_text="30 g").first
    dose_id = row.get_attribute("data-dose-id")
    row.get_by_role("link", name="Correct").click()
    page.wait_for_url(f"**/me/doses/{dose_id}/correct")
    page.get_by_label("Amount (grams)").fill("3")
    page.get_by_label("Why").fill("typed 30 instead of 3")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url("**notice=dose-corrected**")
    assert "Dose corrected." in page.locator("main").inner_text()
    assert today_grams(page) == before + 3

    original = page.locator(f"tr[data-dose-id='{dose_id}']")
    assert "status-corrected" in (original.get_attribute("class") or "")
    assert "Corrected" in original.inner_text()
    assert "typed 30 instead of 3" in original.inner_text()
    assert (
        original.locator("td").first.evaluate("el => getComputedStyle(el).textDecorationLine")
        == "line-through"
    )
    assert page.locator("tr.dose-row.status-current", has_text="(a correction)").count() >= 1
