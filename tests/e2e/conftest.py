"""End-to-end fixtures: the demo clinic served on localhost, driven in Debian's headless Chromium.

One server and one browser per test session; each test gets a fresh browser context (no shared
cookies). Tests that change data use demo persons no other test relies on, or add their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from speciosa.demo_seeding import seed_demo
from speciosa.entrypoints.app import create_app
from speciosa.services.demo.clinic import DemoClinic, DemoPerson
from speciosa.settings import Settings
from tests.conftest import required
from tests.support.browser import CHROMIUM_ARGS, find_chromium
from tests.support.live_server import serve_in_thread

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class LiveClinic:
    base_url: str
    clinic: DemoClinic
    settings: Settings

    def person(self, story: str) -> DemoPerson:
        return next(p for p in self.clinic.persons if p.story == story)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveClinic]:
    data_dir: Path = tmp_path_factory.mktemp("e2e")
    settings = replace(Settings.from_env({}).with_data_dir(data_dir), fast_password_hashing=True)
    clinic = seed_demo(settings, persons=6, days=30, seed=1)
    with serve_in_thread(create_app(settings)) as base_url:
        yield LiveClinic(base_url, clinic, settings)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        if required("SPECIOSA_REQUIRE_BROWSER"):
            pytest.fail("SPECIOSA_REQUIRE_BROWSER=1 but Chromium is not installed")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live: LiveClinic) -> Iterator[Any]:
    """A phone-sized page (390×844) with its own cookies."""
    context = browser.new_context(viewport=PHONE, base_url=live.base_url, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Any, live: LiveClinic) -> Iterator[Any]:
    """A desktop-sized page, for the clinician."""
    context = browser.new_context(viewport=DESKTOP, base_url=live.base_url, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def report_red_flag_on_checkin(page: Any, flag: str) -> None:
    """The signed-in person answers every check-in item, ticks the red flag labelled `flag` and
    saves; the red-flag page (banner, crisis line) is open afterwards."""
    page.goto("/me/checkin")
    for index, label in enumerate(page.locator(".choices").all()):
        label.locator("label").nth(index % 2).click()
    page.get_by_label(flag).check()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url("**/me/red-flags/*")


def open_top_red_flag(desktop: Any, clinician: Any, person: Any) -> str:
    """The clinician's dashboard ranks `person`'s just-reported red flag first (red flags rank
    first, newest first); open that person. The text of their newest alert."""
    sign_in(desktop, clinician.email, clinician.password)
    desktop.goto("/clinic")
    top = desktop.locator("li.triage-row").first
    assert top.get_attribute("data-person-id") == person.id
    assert "Red flag" in top.locator("p.reason").inner_text()
    top.get_by_role("link", name=person.name).click()
    first_alert = desktop.locator("section[aria-labelledby='alerts-h'] li.alert").first
    return str(first_alert.inner_text())
