"""The registry in Luxembourgish, walked in a browser at phone and desktop width (issue 34): a
citizen's pages, a notice written only in French (marked, the other languages offered), and
the staff pages; axe-core on each, nothing wider than the phone, no word of another language;
screenshots of each."""

import pytest
from playwright.sync_api import expect

from registry.models import Status
from tests.test_language_purity import foreign_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def entries(make_entry):
    return {
        "official": make_entry(Status.VERIFIED, handle="gouvlu", display_name="Regierung"),
        "suspended": make_entry(
            Status.SUSPENDED,
            handle="gouvpirate",
            display_name="Douanes",
            public_notice="Compte piraté le 20 novembre.",
            public_notices={
                "fr": "Compte piraté le 20 novembre.",
                "de": "Am 20. November gehackt.",
            },
        ),
        "submitted": make_entry(Status.SUBMITTED, handle="gouvnei", display_name="Santé"),
    }


def test_a_citizen_reads_the_registry_in_luxembourgish(page, live_server, look, entries):
    page.goto(f"{live_server.url}/lb/")
    expect(page.locator("html")).to_have_attribute("lang", "lb")
    expect(page.locator("nav.language-switcher")).to_contain_text("Lëtzebuergesch")
    look(page, "lb-directory")
    assert foreign_words(page.content(), "lb") == []
    page.goto(f"{live_server.url}/lb/verify/?url=https://x.com/gouvlu")
    expect(page.locator("#result-title")).to_contain_text("Offizielle Kont")
    look(page, "lb-verify-official")
    page.goto(f"{live_server.url}/lb/accounts/{entries['suspended'].pk}/")
    notice = page.locator(".public-notice")
    expect(notice).to_have_attribute("lang", "fr")  # written in French and German only
    expect(page.locator(".public-notice + p.help a[hreflang=de]")).to_have_text("Deutsch")
    look(page, "lb-account-suspended", at="h1")
    assert foreign_words(page.content(), "lb") == []


def test_staff_read_their_pages_in_luxembourgish(sign_in, look, reviewer, editor, entries):
    page = sign_in(reviewer, lang="lb")
    root = page.url.split("/lb/")[0]
    page.goto(f"{root}/lb/review/")
    expect(page.locator("html")).to_have_attribute("lang", "lb")
    look(page, "lb-review-queue")
    assert foreign_words(page.content(), "lb") == []
    page.goto(f"{root}/lb/review/entries/{entries['submitted'].pk}/")
    look(page, "lb-review-entry")
    assert foreign_words(page.content(), "lb") == []
    page = sign_in(editor, lang="lb")
    page.goto(f"{root}/lb/workspace/")
    look(page, "lb-workspace")
    assert foreign_words(page.content(), "lb") == []
