"""The central unit's administrator in the Django admin, in French: every heading, caption and
column in French, no English word among the texts the pages show. Screenshots at both widths."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry.models import Status
from tests.test_language_purity import foreign_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The admin's own pages an administrator opens first (the app headings are on the index).
PAGES = ["", "registry/socialaccount/", "accounts/user/", "accounts/ministry/"]
ENGLISH_HEADINGS = ["People and organisations", "Official accounts register"]


def test_the_central_admin_reads_the_admin_in_french_with_no_english_heading(
    sign_in, look, central_admin, make_entry
):
    make_entry(Status.VERIFIED, display_name="Impôts – actualités")  # a name in French
    page = sign_in(central_admin, lang="fr")
    for path in PAGES:
        page.goto(page.url.split("/fr/")[0] + f"/fr/admin/{path}")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        headings = page.locator("h1, h2, caption, th").all_inner_texts()
        for english in ENGLISH_HEADINGS:
            assert not any(english in heading for heading in headings), (path, english)
        assert foreign_words(page.content(), "fr") == [], path
    page.goto(page.url.split("/fr/")[0] + "/fr/admin/")
    with translation.override("fr"):
        for heading in ENGLISH_HEADINGS:
            expect(page.locator("#content-main")).to_contain_text(gettext(heading))
    look(page, "admin-fr")
