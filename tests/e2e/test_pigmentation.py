"""Skin photos in a real browser: a demo person uploads a chart photo, marks the two sites by
dragging on it, and sees the measurement; the demo clinician sees the trend and the darkening
alert (with the photos side by side) of the demo person whose history has one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveClinic, sign_in
from tests.support.pigmentation_photos import photo

pytestmark = pytest.mark.browser


def drag_box(page: Any, canvas: Any, box: tuple[int, int, int, int], natural_width: int) -> None:
    bounds = canvas.bounding_box()
    scale = bounds["width"] / natural_width
    x, y, w, h = box
    page.mouse.move(bounds["x"] + (x + 2) * scale, bounds["y"] + (y + 2) * scale)
    page.mouse.down()
    page.mouse.move(bounds["x"] + (x + w / 2) * scale, bounds["y"] + (y + h / 2) * scale, steps=4)
    page.mouse.move(bounds["x"] + (x + w - 2) * scale, bounds["y"] + (y + h - 2) * scale, steps=4)
    page.mouse.up()


def test_person_uploads_marks_two_sites_and_sees_the_measurement(
    page: Any, live: LiveClinic, tmp_path: Path
) -> None:
    person = live.person("major_interaction").account
    rendered = photo((57.0, 10.0, 16.0), (65.0, 10.0, 17.0), width=960, height=720, seed=11)
    path = tmp_path / "hands.jpg"
    path.write_bytes(rendered.jpeg)
    sign_in(page, person.email, person.password)
    page.goto("/me/skin/new")
    page.set_input_files("#photo", str(path))
    canvas = page.locator("[data-skin-canvas]")
    canvas.wait_for(state="visible")
    assert page.locator("#roi_x").input_value() == ""  # no box until the person places one
    drag_box(page, canvas, rendered.affected_box, rendered.width)
    assert page.locator("#mark-ref").is_checked()  # the next drag marks the reference site
    assert rendered.reference_box is not None
    drag_box(page, canvas, rendered.reference_box, rendered.width)
    assert int(page.locator("#roi_w").input_value()) > 50
    assert int(page.locator("#ref_w").input_value()) > 50
    page.get_by_label("Name of the affected site").fill("back of left hand")
    page.get_by_role("button", name="Measure").click()
    page.wait_for_url("**/me/skin/measurements/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Skin measurement"
    main = page.locator("main").inner_text()
    assert "Corrected colours" in main
    assert "colour-corrected with the chart" in main
    # Plain words first; the numbers behind "details".
    assert "The back of left hand is darker than the " in main
    page.get_by_text("The numbers").click()
    assert "ΔL* -" in page.locator("main").inner_text()
    assert page.locator("svg.swatch").count() == 2


def test_clinician_sees_the_trend_and_the_darkening_alert(desktop: Any, live: LiveClinic) -> None:
    clinician = live.clinic.clinicians[0]
    darkening = live.person("darkening").account
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto(f"/clinic/persons/{darkening.id}/skin")
    alert = desktop.locator("section.darkening").first
    assert "Progressive darkening" in alert.inner_text()
    assert "smallest detectable change" in alert.inner_text()
    assert alert.locator(".side-by-side figure").count() == 2
    assert desktop.locator("svg.skin-trend").count() >= 1
    # The photos load through the access-checked route (no static photo files).
    hrefs = desktop.evaluate(
        "() => Array.from(document.querySelectorAll('.darkening image')).map(i => i.href.baseVal)"
    )
    assert len(hrefs) == 2
    assert all(h.startswith("/skin/photos/") for h in hrefs)
    response = desktop.request.get(hrefs[0])
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"


def test_clinician_person_page_shows_the_skin_card_with_the_alert(
    desktop: Any, live: LiveClinic
) -> None:
    clinician = live.clinic.clinicians[0]
    darkening = live.person("darkening").account
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto(f"/clinic/persons/{darkening.id}")
    card = desktop.locator("section.skin-card")
    assert "Progressive darkening" in card.inner_text()
    assert card.locator("svg.skin-trend").count() == 1
    card.get_by_role("link", name="Skin trend and photos").click()
    desktop.wait_for_url(f"**/clinic/persons/{darkening.id}/skin")
