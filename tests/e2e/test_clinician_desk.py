"""Issue 16, the clinician's desk, end to end in Chromium at 390×844 and 1280×800 (screenshots
kept under test-artefacts/screenshots): a note typed by the person on a phone reaches the
clinician's dashboard, person page, timeline, report and PDF; the dashboard's sparklines, search
and one-note acknowledgement; the COWS form on one desktop screen with its live total and
flowsheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.e2e.conftest import LiveClinic
from tests.e2e.screens import DESKTOP, PHONE, shoot, sideways_scroll, sign_in, small_chart_text
from tests.support.instruments import SOWS_ITEMS

pytestmark = pytest.mark.browser

NOTE = "Rough night, couldn't sleep"


@pytest.fixture
def phone(browser: Any, live: LiveClinic) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, base_url=live.base_url, accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def desk(browser: Any, live: LiveClinic) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, base_url=live.base_url, accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_a_note_typed_on_a_phone_reaches_every_clinician_view(
    phone: Any, desk: Any, live: LiveClinic, tmp_path: Path
) -> None:
    person = live.person("hold_after_rise").account
    sign_in(phone, person.email, person.password)
    phone.goto("/me/checkin")
    for item in SOWS_ITEMS:
        phone.locator(f"label[for='sows-{item}-1']").click()
    phone.get_by_label("Anything else?").fill(NOTE)
    phone.get_by_role("button", name="Save check-in").click()
    phone.wait_for_url("**/me/withdrawal?notice=checkin-saved")
    shoot(phone, "desk-person-checkin-saved-phone")

    clinician = live.clinic.clinicians[0]
    for page, size in ((desk, "desktop"), (phone, "phone")):
        sign_in(page, clinician.email, clinician.password)
        row = page.locator("li.triage-row", has_text=person.name)
        assert NOTE in row.locator("p.checkin-note").inner_text()
        shoot(page, f"desk-dashboard-{size}")
        base = f"/clinic/persons/{person.id}"
        views = ((base, "person"), (f"{base}/timeline", "timeline"), (f"{base}/report", "report"))
        for path, name in views:
            page.goto(path)
            assert NOTE in page.locator("main").inner_text(), path
            assert not small_chart_text(page), (path, small_chart_text(page))
            assert sideways_scroll(page) == 0, path
            shoot(page, f"desk-{name}-{size}")
    desk.goto(f"/clinic/persons/{person.id}")
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="PDF (90 days)").click()
    assert "Preparing the PDF" in desk.locator("[data-download-status]").inner_text()
    saved = tmp_path / "report.pdf"
    download_info.value.save_as(saved)
    with pdfplumber.open(saved) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert NOTE in " ".join(text.split())
    assert "Progress at a glance" in text


def test_dashboard_sparklines_search_and_one_note_for_several_alerts(
    desk: Any, live: LiveClinic
) -> None:
    clinician = live.clinic.clinicians[0]
    sign_in(desk, clinician.email, clinician.password)
    rows = desk.locator("li.triage-row")
    assert rows.count() == len(live.clinic.persons)
    for spark in desk.locator("svg.sparkline").all():
        box = spark.bounding_box()
        assert box is not None
        assert box["width"] >= 120
        assert box["height"] >= 32
    assert not small_chart_text(desk)
    assert desk.locator("p.counts").count() >= 1
    shoot(desk, "desk-dashboard-before-ack-desktop")

    morgan = live.person("hold_after_rise").account
    silent = live.person("missed_week").account
    desk.get_by_label("Name").fill(morgan.name.split()[0].lower())
    desk.get_by_role("button", name="Show").click()
    desk.wait_for_load_state()
    assert desk.locator("li.triage-row").count() == 1
    desk.goto("/clinic")
    boxes = desk.locator(f"li.triage-row:has-text('{morgan.name}') input[name=alert_id]")
    boxes = (
        boxes.all()
        + desk.locator(f"li.triage-row:has-text('{silent.name}') input[name=alert_id]").all()
    )
    assert len(boxes) >= 2
    for box in boxes:
        box.check()
    desk.get_by_label("Note for the ticked alerts").fill("Reviewed together at the huddle")
    desk.get_by_role("button", name="Acknowledge ticked alerts").click()
    desk.wait_for_load_state()
    main = desk.locator("main").inner_text()
    assert "acknowledged" in main
    assert (
        desk.locator(f"li.triage-row:has-text('{morgan.name}') input[name=alert_id]").count() == 0
    )
    still = desk.locator("li.triage-row", has_text=silent.name).locator("p.reason").inner_text()
    assert "still no check-in since" in still  # the silence persists after acknowledgement
    shoot(desk, "desk-dashboard-after-ack-desktop")


def test_cows_form_fits_one_desktop_screen_with_live_total_and_flowsheet(
    desk: Any, phone: Any, live: LiveClinic
) -> None:
    clinician = live.clinic.clinicians[0]
    person = live.person("hold_after_rise").account
    path = f"/clinic/persons/{person.id}/checkin/cows"
    sign_in(phone, clinician.email, clinician.password)
    phone.goto(path)
    assert sideways_scroll(phone) == 0
    shoot(phone, "desk-cows-phone")
    sign_in(desk, clinician.email, clinician.password)
    desk.goto(path)
    save = desk.get_by_role("button", name="Save COWS")
    box = save.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= DESKTOP["height"]  # the whole form on one screen
    shoot(desk, "desk-cows-empty-desktop")
    total = desk.locator("[data-total-output]")
    assert "0 of 48" in total.inner_text()
    desk.get_by_label("Resting pulse rate").fill("112")  # 101-120 scores 2
    desk.locator("label[for='cows-sweating-3']").click()
    desk.locator("label[for='cows-yawning-4']").click()
    assert "Total so far: 9 of 48" in total.inner_text()
    rest = (
        "restlessness",
        "pupils",
        "bone_joint_aches",
        "runny_nose_tearing",
        "gi_upset",
        "tremor",
        "anxiety_irritability",
        "gooseflesh",
    )
    for item in rest:
        desk.locator(f"label[for='cows-{item}-0']").click()
    assert "still to score" not in total.inner_text()
    desk.get_by_role("button", name="Save COWS").click()
    desk.wait_for_url(f"**/clinic/persons/{person.id}?notice=checkin-saved")
    desk.goto(path)
    sheet = desk.locator("#flowsheet table")
    assert sheet.locator("thead time").count() >= 1
    assert sheet.locator("tfoot tr").first.locator("td").last.inner_text().strip() == "9"
    shoot(desk, "desk-cows-flowsheet-desktop")
