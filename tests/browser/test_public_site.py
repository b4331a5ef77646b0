"""A citizen on a phone and on a desktop: search, open an account, verify links, report a fake.
axe-core checks every public page in each language. Screenshots go to docs/screenshots/."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from registry.models import Report, Status
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINKS = {
    "official": "https://x.com/gouvsante",
    "closed": "https://twitter.com/ancienministere/status/123",
    "not_registered": "https://x.com/faux_ministere",
    "invalid": "https://example.com/someone",
    "lookalike": "https://twltter.com/gouvsante",
}


@pytest.fixture
def register(make_entry, service_b, suspended_entry):
    return {
        "official": make_entry(
            Status.VERIFIED, handle="gouvsante", display_name="Santé publique", service=service_b
        ),
        "closed": make_entry(Status.CLOSED, handle="ancienministere", display_name="Ancien compte"),
        "suspended": suspended_entry,
    }


def verify(page, base: str, link: str) -> None:
    page.goto(f"{base}/en/verify/")
    page.get_by_label("Is this account official? Paste its link").fill(link)
    page.get_by_role("button", name="Verify").click()


def test_a_citizen_finds_an_account_and_verifies_links(page, live_server, register, screenshot):
    base = live_server.url
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for state, link in LINKS.items():
            verify(page, base, link)
            expect(page.locator(f".result-{state}")).to_be_visible()
            if state == "invalid":  # the other answers' pictures: test_journey_citizen.py
                screenshot(page, f"verify-invalid-{size}")

    page.goto(f"{base}/en/")
    page.get_by_label("Name or handle").fill("SANTE")
    page.get_by_role("button", name="Show accounts").click()
    expect(page.get_by_role("heading", name="1 account")).to_be_visible()
    page.get_by_role("link", name="Santé publique").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Santé publique")
    expect(page.locator(".facts")).to_contain_text("Communication (Health)")


def test_a_citizen_reports_a_fake_from_the_not_registered_answer(page, live_server, db):
    verify(page, live_server.url, LINKS["not_registered"])
    page.get_by_role("link", name="Report this account").click()
    expect(page.get_by_label("Link you suspect")).to_have_value(LINKS["not_registered"])
    page.get_by_label("What makes you think it is fake? (optional)").fill("Uses the logo.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    report = Report.objects.get()
    assert (report.platform, report.handle) == ("x", "faux_ministere")


def test_the_language_links_keep_the_page(page, live_server, register):
    page.goto(f"{live_server.url}/fr/verify/?url={LINKS['official']}")
    page.get_by_role("link", name="Deutsch").click()
    assert urlsplit(page.url).path == "/de/verify/"
    expect(page.locator(".result-official")).to_be_visible()


def public_pages(register) -> list[str]:
    account = register["official"].get_absolute_url()[3:]
    return [
        "/", "/?state=all", f"/verify/?url={LINKS['official']}", f"/verify/?url={LINKS['closed']}",
        f"/verify/?url={register['suspended'].url}", f"/verify/?url={LINKS['not_registered']}",
        f"/verify/?url={LINKS['invalid']}", f"/verify/?url={LINKS['lookalike']}", account,
        f"/accounts/{register['closed'].pk}/",
        f"/accounts/{register['suspended'].pk}/", "/ministries/sante/", "/report/",
        "/accessibility/", "/privacy/", "/extension/",
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_axe_finds_no_violation_on_any_public_page(
    page, live_server, register, axe_violations, lang
):
    host = urlsplit(live_server.url).netloc
    foreign = []
    page.on("request", lambda r: urlsplit(r.url).netloc != host and foreign.append(r.url))
    found = {}
    for path in public_pages(register):
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/{lang}{path}")
            violations = axe_violations(page)
            if violations:
                found[f"{path} @{viewport['width']}"] = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
                ]
    assert found == {}
    assert foreign == []


def test_the_directory_works_at_320_px_without_sideways_scrolling(page, live_server, register):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/fr/", "/fr/verify/?url=" + LINKS["official"], "/fr/report/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_the_public_tasks_work_without_javascript(browser, live_server, register):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    verify(page, live_server.url, LINKS["official"])
    expect(page.locator(".result-official")).to_be_visible()
    context.close()


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_axe_finds_no_violation_on_the_api_documentation(
    browser, live_server, db, axe_violations, lang
):
    # /api/docs/ has no language in its address: it speaks the browser's language.
    page = browser.new_context(bypass_csp=True, locale=lang).new_page()
    found = {}
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/api/docs/")
        assert page.locator("html").get_attribute("lang") == lang
        violations = axe_violations(page)
        if violations:
            found[viewport["width"]] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
            ]
    assert found == {}
