"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import missing_tool

# Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Each run writes here (git-ignored); `SCREENSHOTS_DIR=docs/screenshots` refreshes the README's.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR", Path(__file__).resolve().parent / "screenshots")
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        missing_tool("chromium is not installed: run `make browser-deps`")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }  # fmt: skip


@pytest.fixture
def axe_violations():
    """Run axe-core in the page (WCAG 2.1 A and AA rules) and return its violations."""
    if not AXE.exists():
        missing_tool("axe-core is not installed: run `make browser-deps` (npm ci)")

    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        return page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"""
        )

    return run


@pytest.fixture
def screenshot():
    def save(page, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    return save


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "fr-FR"}


# --- The journeys (issue 18): one module per kind of user, tests/browser/test_journey_*.py -----

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def sign_in(new_context, live_server):
    """A browser of its own, signed in as `user`, in `lang`, at the given size."""
    from tests.conftest import PASSWORD

    def open_as(user, *, lang: str = "en", viewport: dict = DESKTOP):
        page = new_context(viewport=viewport).new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/{lang}/account/login/")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return open_as


@pytest.fixture
def look(axe_violations, screenshot):
    """Look at the page as its people would, at phone and desktop width: no axe violation, nothing
    wider than the phone's screen; with a name, a screenshot at each width."""

    def run(page, name: str = "", *, phone: bool = True, at: str = "") -> None:
        """`at`: a selector to scroll to before the screenshots (what the picture is about)."""
        size = page.viewport_size
        widths = ((PHONE, "phone"), (DESKTOP, "desktop")) if phone else ((DESKTOP, "desktop"),)
        for viewport, label in widths:
            page.set_viewport_size(viewport)
            assert axe_violations(page) == [], f"{page.url} @{label}"
            if viewport is PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"
            if name:
                if at:
                    page.locator(at).first.evaluate("e => e.scrollIntoView({block: 'start'})")
                    page.evaluate("document.activeElement && document.activeElement.blur()")
                screenshot(page, f"{name}-{label}")
        page.set_viewport_size(size)

    return run
