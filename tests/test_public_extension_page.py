"""The registry's page about the browser extension: what it sends and does not, how to install
it, the promise; in each language, in the sitemap."""

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", "pas de télémétrie"),
        ("de", "keine Telemetrie"),
        ("en", "no telemetry"),
    ],
)
def test_the_page_says_what_the_extension_never_sends(client, db, language, words):
    with translation.override(language):
        url = reverse("public:extension")
    page = client.get(url)
    assert page.status_code == 200
    assert words in page.content.decode()


def test_the_page_links_to_the_list_the_extension_downloads(client, db):
    page = client.get(reverse("public:extension")).content.decode()
    assert 'href="/.well-known/official-accounts.json"' in page


def test_without_a_download_address_the_page_offers_no_link(client, db, settings):
    settings.EXTENSION_DOWNLOAD_URL = ""
    assert "Download the extension" not in client.get(reverse("public:extension")).content.decode()


def test_the_download_link_shows_once_an_address_is_set(client, db, settings):
    settings.EXTENSION_DOWNLOAD_URL = "https://downloads.example.org/extension.zip"
    page = client.get(reverse("public:extension")).content.decode()
    assert 'href="https://downloads.example.org/extension.zip"' in page


def test_the_page_is_in_the_sitemap(client, db):
    sitemap = client.get("/sitemap.xml")
    body = b"".join(sitemap.streaming_content) if sitemap.streaming else sitemap.content
    sections = [body.decode()]
    for line in sections[0].split("<loc>")[1:]:
        sections.append(
            client.get(line.split("</loc>")[0].split("testserver")[-1]).content.decode()
        )
    assert any("/extension/" in section for section in sections)
