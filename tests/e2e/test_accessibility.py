"""Issue 16: every page of the demo clinic, for each role, at 390×844 and 1280×800 in Chromium —
axe-core (the copy bundled in the axe-playwright-python package; nothing from a CDN) finds no
serious or critical violation, chart text is at least 11 px, nothing scrolls sideways, and a
screenshot of each page is kept.

The pages are found by following the links each role sees (GET only; downloads, sign-out and the
calendar feed left out), one page per route pattern (ids replaced), so a new page is checked the
day it is linked.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import LiveClinic
from tests.e2e.screens import (
    SIZES,
    shoot,
    sideways_scroll,
    sign_in,
    small_chart_text,
    violations,
)

pytestmark = pytest.mark.browser

MAX_PAGES = 60  # per role: the demo has about 30 route patterns per role
SKIP = re.compile(r"(\.pdf|\.json|\.ics|\.csv|/sign-out|/skin/photos/|/static/)")
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")
LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"


def pattern(path: str) -> str:
    return ID.sub("{id}", path)


def crawl(page: Any, start: str) -> Iterator[str]:
    """Same-site pages reachable from `start`, one per route pattern, at most MAX_PAGES."""
    seen: set[str] = set()
    queue = deque([start])
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        response = page.goto(path)
        page.wait_for_load_state()
        assert response is not None, path
        assert response.status < 500, f"{path} answered {response.status}"
        if response.status >= 400 or urlsplit(page.url).path != path:
            continue  # a refusal or a redirect (e.g. to sign in) is another test's business
        visited += 1
        yield path
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            if pattern(parts.path) not in seen:
                queue.append(parts.path)


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("role", ["person", "clinician", "admin"])
def test_every_page_passes_axe_with_readable_charts(
    browser: Any, live: LiveClinic, role: str, size: str
) -> None:
    account = {
        "person": live.person("smooth_taper").account,
        "clinician": live.clinic.clinicians[0],
        "admin": live.clinic.admins[0],
    }[role]
    context = browser.new_context(viewport=SIZES[size], base_url=live.base_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, account.email, account.password)
        home = urlsplit(page.url).path
        # The check can fail: a button without a name is a critical violation axe must report.
        page.evaluate("document.querySelector('main').append(document.createElement('button'))")
        assert any(v.startswith("button-name (critical)") for v in violations(page))
        problems: dict[str, list[str]] = {}
        pages = []
        for path in crawl(page, home):
            pages.append(path)
            shoot(page, f"a11y-{role}-{size}-{pattern(path)}")
            found = violations(page) + small_chart_text(page)
            if sideways_scroll(page):
                found.append(f"the page scrolls sideways by {sideways_scroll(page)} px")
            if found:
                problems[path] = found
        assert len(pages) >= (10 if role != "admin" else 1), pages
        report = "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())
        assert not problems, report
    finally:
        context.close()
