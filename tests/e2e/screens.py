"""Screenshots kept as test artefacts, and the checks every page of issue 16 passes: axe-core
(serious or critical violations), chart text of at least 11 px, no sideways scrolling."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
MIN_CHART_TEXT_PX = 11.0
ARTEFACTS = Path(os.environ.get("SPECIOSA_SCREENSHOTS", "test-artefacts/screenshots"))

# The rendered size of each SVG text: its computed font size times the SVG's scale on screen.
CHART_TEXT_SIZES = """
() => Array.from(document.querySelectorAll("svg text")).filter(t => t.getClientRects().length)
  .map(t => {
    const ctm = t.getScreenCTM();
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    return {px: parseFloat(getComputedStyle(t).fontSize) * scale, text: t.textContent.trim()};
  })
"""


def shoot(page: Any, name: str) -> Path:
    """A full-page PNG under test-artefacts/screenshots (SPECIOSA_SCREENSHOTS to move it)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def small_chart_text(page: Any) -> list[str]:
    """Chart labels drawn smaller than 11 px on this page."""
    return [
        f"{t['text']!r} at {t['px']:.1f} px"
        for t in page.evaluate(CHART_TEXT_SIZES)
        if t["text"] and t["px"] < MIN_CHART_TEXT_PX - 0.05
    ]


def sideways_scroll(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0: none)."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    viewport: int = page.viewport_size["width"]
    return max(0, width - viewport)


def sign_in(page: Any, email: str, password: str) -> None:
    """Sign in afresh (whoever was signed in on this page's context before is forgotten)."""
    page.context.clear_cookies()
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


SERIOUS = {"serious", "critical"}


def violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (the copy bundled in
    the axe-playwright-python package; nothing from a CDN)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in SERIOUS
    ]
