"""One public selector: an entry in a non-public status never appears on any public page, in the
feed or in an export; and no public page shows people's names or e-mail addresses."""

import pytest
from django.urls import reverse

from registry.models import Status
from tests.conftest import NON_PUBLIC, content_of


def public_pages(entry) -> list[str]:
    ministry = entry.service.ministry.slug
    pages = []
    for lang in ("fr", "de", "en"):
        pages += [
            f"/{lang}/",
            f"/{lang}/?state=all",
            f"/{lang}/?q={entry.handle}&state=all",
            f"/{lang}/ministries/{ministry}/",
            f"/{lang}/feed/",
            f"/{lang}/verify/?url=https://x.com/{entry.handle}",
        ]
    return [*pages, "/open-data/accounts.csv", "/open-data/accounts.json"]


@pytest.mark.parametrize("status", NON_PUBLIC)
def test_a_non_public_entry_appears_on_no_public_page_feed_or_export(client, make_entry, status):
    make_entry(Status.VERIFIED, handle="visibleaccount", display_name="Visible Official")
    hidden = make_entry(status, handle="hiddenaccount", display_name="Hidden Unverified")
    for url in public_pages(hidden):
        body = content_of(client.get(url)).decode()
        assert "Hidden Unverified" not in body, url
        assert f"/accounts/{hidden.pk}/" not in body, url
        if hidden.handle not in url:  # a search echoes its own query
            assert hidden.handle not in body, url
    assert "Visible Official" in client.get("/en/").content.decode()


@pytest.mark.parametrize("status", NON_PUBLIC)
def test_a_non_public_entry_has_no_account_page(client, make_entry, status):
    hidden = make_entry(status)
    assert client.get(reverse("public:account", args=[hidden.pk])).status_code == 404


@pytest.mark.parametrize("status", [Status.VERIFIED, Status.SUSPENDED, Status.CLOSED])
def test_public_entries_keep_their_page(client, make_entry, status):
    entry = make_entry(status)
    assert client.get(entry.get_absolute_url()).status_code == 200


def test_no_public_page_shows_staff_names_or_e_mail_addresses(client, verified_entry, editor):
    for url in [*public_pages(verified_entry), verified_entry.get_absolute_url()]:
        body = content_of(client.get(url)).decode()
        assert verified_entry.team_email not in body, url
        assert editor.email not in body, url
        assert editor.full_name not in body, url
        assert verified_entry.control_code not in body, url
