"""A citizen on a phone, in each language: searches the directory with and without accents,
sees an account's status before anything else, checks five kinds of links and reports a fake.
axe-core on every page; screenshots at phone and desktop width (README)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry.models import Report, Status
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["fr", "de", "en"]
LINKS = {
    "official": "https://x.com/gouvsante",
    "suspended": "https://x.com/gouvpirate",
    "closed": "https://twitter.com/ancienministere/status/123",
    "not_registered": "https://x.com/faux_ministere",
    "lookalike": "https://twitter.com.evil.example/gouvsante",
}
# What each answer says first, in the citizen's language.
HEADINGS = {
    "official": "Official account",
    "suspended": "Official, but suspended: do not trust it for now",
    "closed": "Closed: no longer an official account",
    "not_registered": "Not registered: not an official account",
    "lookalike": "Warning: this link imitates %(platform)s",
}


@pytest.fixture
def register(make_entry, service_b):
    return {
        "official": make_entry(
            Status.VERIFIED, handle="gouvsante", display_name="Santé publique", service=service_b
        ),
        "education": make_entry(
            Status.VERIFIED, handle="educ_eleves", display_name="Éducation – Élèves et parents"
        ),
        "suspended": make_entry(
            Status.SUSPENDED,
            handle="gouvpirate",
            display_name="Douanes – actualités",
            public_notice="Hacked on 20 November: do not open its links until further notice.",
        ),
        "closed": make_entry(Status.CLOSED, handle="ancienministere", display_name="Ancien"),
    }


def in_language(lang: str, text: str) -> str:
    with translation.override(lang):
        return gettext(text)


def search(page, words: str) -> None:
    page.locator("input[name=q]").fill(words)
    page.locator("form.filters button[type=submit]").click()


def found_names(page) -> list[str]:
    return page.locator("table.directory tbody th[scope=row] a").all_inner_texts()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_on_a_phone_searches_with_and_without_accents(
    page, live_server, register, look, lang
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/{lang}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    look(page, {"en": "directory", "fr": "directory-fr"}.get(lang, ""))
    for words in ("education", "ÉDUCATION", "eleves parents"):
        search(page, words)
        assert found_names(page) == ["Éducation – Élèves et parents"], words
    search(page, "SANTE")
    assert found_names(page) == ["Santé publique"]
    look(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_on_a_phone_sees_each_accounts_status_first(
    page, live_server, register, look, lang
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/{lang}/?state=all")
    for row in page.locator("table.directory tbody tr").all():
        status, name = row.locator(".badge").bounding_box(), row.locator("th").bounding_box()
        assert status["y"] < name["y"], row.inner_text()  # the status, then the name
        assert status["x"] + status["width"] <= PHONE["width"]
    expect(page.locator("table.directory .status-suspended")).to_be_visible()
    look(page, "directory-status-first" if lang == "en" else "", at="#results-title")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_on_a_phone_checks_five_kinds_of_links(page, live_server, register, look, lang):
    page.set_viewport_size(PHONE)
    for state, link in LINKS.items():
        page.goto(f"{live_server.url}/{lang}/verify/")
        page.locator("input[name=url]").first.fill(link)
        page.locator("main form button[type=submit]").first.click()
        answer = page.locator(f".result-{state}")
        heading = in_language(lang, HEADINGS[state]) % {"platform": "X (Twitter)"}
        expect(answer.get_by_role("heading", level=2)).to_contain_text(heading)
        look(page, f"verify-{state.replace('_', '-')}" if lang == "en" else "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_on_a_phone_reports_a_look_alike_link(page, live_server, register, look, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/{lang}/verify/?url={LINKS['lookalike']}")
    page.locator(".result-lookalike a.button").click()
    expect(page.locator("input[name=url]").last).to_have_value(LINKS["lookalike"])
    page.locator("textarea[name=note]").fill("Même logo, autre adresse.")
    look(page, "report" if lang == "en" else "")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        in_language(lang, "Thank you: your report was sent")
    )
    look(page)
    report = Report.objects.get()
    assert report.url == LINKS["lookalike"]
    assert report.note == "Même logo, autre adresse."
