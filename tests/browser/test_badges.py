"""The badge and the snippets for other sites, in a real browser, in three languages, with axe
(issue 17): what a government website shows, and what a ministry copies."""

import pytest
from playwright.sync_api import expect

from registry.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "fr": "Le registre sur votre site web",
    "de": "Das Register auf Ihrer Website",
    "en": "The registry on your website",
}


@pytest.fixture
def on_live_site(settings, live_server):
    settings.SITE_URL = live_server.url  # snippets carry absolute addresses
    return live_server.url


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_the_embed_page_and_its_snippets_are_accessible(
    page, on_live_site, verified_entry, axe_violations, screenshot, language
):
    page.goto(f"{on_live_site}/{language}/embed/")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language])
    badge = page.locator(".snippet-preview img")
    expect(badge).to_have_js_property("complete", True)
    assert badge.evaluate("image => image.naturalWidth") == 320  # the SVG loaded
    assert axe_violations(page) == []
    screenshot(page, f"embed-{language}")


def test_the_verify_box_snippet_takes_a_visitor_to_the_answer(page, on_live_site, verified_entry):
    page.goto(f"{on_live_site}/en/embed/")
    preview = page.locator(".snippet-preview form")
    preview.get_by_label("Is this account official? Paste its link:").fill(verified_entry.url)
    preview.get_by_role("button", name="Verify").click()
    expect(page.locator(".result-official")).to_be_visible()


@pytest.mark.parametrize("status", [Status.VERIFIED, Status.SUSPENDED, Status.CLOSED])
def test_the_badge_in_each_state(page, on_live_site, make_entry, screenshot, status):
    entry = make_entry(status)
    page.set_viewport_size({"width": 360, "height": 100})
    page.goto(f"{on_live_site}/badges/{entry.pk}.svg?lang=fr")
    expect(page.locator("svg title")).to_have_count(1)
    screenshot(page, f"badge-{status}")
