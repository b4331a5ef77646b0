"""The Atom feed as feed readers and RFC 4287 expect it, in every language: read by feedparser,
and its required elements checked one by one with ElementTree."""

import xml.etree.ElementTree as ET  # our own feed, parsed in a test
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse

from registry.exports.feed import entry_id

ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ["fr", "de", "en"]


@pytest.fixture
def feed_entries(verified_entry, suspended_entry, closed_entry):
    return [verified_entry, suspended_entry, closed_entry]


def feed_of(client, language: str) -> bytes:
    response = client.get(f"/{language}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content


def is_absolute_iri(value: str) -> bool:
    if value.startswith("tag:"):
        return "," in value and ":" in value[4:]
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedparser_reads_the_feed_without_complaint(client, feed_entries, language):
    parsed = feedparser.parse(feed_of(client, language))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 3
    assert parsed.feed.author_detail.name == "Service information et presse du gouvernement"
    assert all(entry.id.startswith("tag:") for entry in parsed.entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feed_has_every_element_rfc_4287_requires(client, feed_entries, language):
    root = ET.fromstring(feed_of(client, language))  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    assert is_absolute_iri(root.findtext(f"{ATOM}id"))
    # atom:author on the feed stands for every entry that has none (4.1.1).
    assert root.find(f"{ATOM}author/{ATOM}name").text.strip()
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and is_absolute_iri(self_links[0].get("href"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert is_absolute_iri(entry.findtext(f"{ATOM}id"))
        alternates = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")
        ]
        assert alternates and is_absolute_iri(alternates[0].get("href"))
        assert entry.find(f"{ATOM}summary") is not None or entry.find(f"{ATOM}content") is not None


def test_an_entrys_id_is_the_same_in_every_language_and_on_every_host(client, verified_entry):
    ids = {
        ET.fromstring(client.get(f"/{language}/feed/", HTTP_HOST=host).content)  # noqa: S314
        .find(f"{ATOM}entry/{ATOM}id")
        .text
        for language in LANGUAGES
        for host in ("localhost", "127.0.0.1")
    }
    assert len(ids) == 1
    (only,) = ids
    assert only.startswith(f"tag:sip.example,2026:accounts/{verified_entry.pk}/verified/")


def test_an_entrys_id_changes_with_its_status():
    from django.utils import timezone

    now = timezone.now()
    assert entry_id(7, "verified", now) != entry_id(7, "suspended", now)


@pytest.mark.parametrize(
    "url_name", ["public:directory", "public:verify", "public:accessibility", "public:privacy"]
)
def test_every_public_page_advertises_the_feed(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/en/feed/"' in html
