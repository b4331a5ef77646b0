"""What search engines and security researchers read: robots.txt, the sitemap (every public
account and ministry page in every language, with hreflang alternates and x-default), a
canonical link and a page's own description in every public page, security.txt (RFC 9116)
and the Permissions-Policy header."""

import datetime
import re
import xml.etree.ElementTree as ET  # our own sitemap, parsed in a test

import pytest
from django.urls import reverse

from registry.models import Status

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def xml_of(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own sitemap


def test_robots_txt_lets_crawlers_in_keeps_them_out_of_staff_areas_and_names_the_sitemap(
    client, db
):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    for area in ("/fr/workspace/", "/de/review/", "/en/account/", "/fr/admin/"):
        assert f"Disallow: {area}" in text
    assert "Disallow: /fr/\n" not in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_index_lists_pages_ministries_and_accounts(client, db):
    root = xml_of(client, "/sitemap.xml")
    locations = {element.text for element in root.iter(f"{SITEMAP}loc")}
    assert locations == {
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "ministries", "accounts")
    }


def alternates_of(root) -> dict[str, dict[str, str]]:
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }


def test_every_public_account_is_in_the_sitemap_in_every_language_with_its_alternates(
    client, verified_entry, closed_entry, make_entry
):
    draft = make_entry(Status.DRAFT)
    urls = alternates_of(xml_of(client, "/sitemap-accounts.xml"))
    for entry in (verified_entry, closed_entry):
        for language in ("lb", "fr", "de", "en"):
            page = f"http://testserver/{language}/accounts/{entry.pk}/"
            assert urls[page] == {
                "lb": f"http://testserver/lb/accounts/{entry.pk}/",
                "fr": f"http://testserver/fr/accounts/{entry.pk}/",
                "de": f"http://testserver/de/accounts/{entry.pk}/",
                "en": f"http://testserver/en/accounts/{entry.pk}/",
                "x-default": f"http://testserver/accounts/{entry.pk}/",  # to their language
            }
    assert not any(f"/accounts/{draft.pk}/" in url for url in urls)


def test_every_ministry_page_is_in_the_sitemap(client, ministry_a, ministry_b):
    urls = alternates_of(xml_of(client, "/sitemap-ministries.xml"))
    for slug in ("finances", "sante"):
        assert f"http://testserver/de/ministries/{slug}/" in urls


def test_an_unknown_sitemap_section_is_a_404(client, db):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.fixture
def public_pages(verified_entry, ministry_a) -> dict[str, str]:
    return {
        "directory": reverse("public:directory"),
        "verify": reverse("public:verify"),
        "report": reverse("public:report"),
        "report-sent": reverse("public:report-sent"),
        "account": reverse("public:account", args=[verified_entry.pk]),
        "ministry": reverse("public:ministry", args=[ministry_a.slug]),
        "accessibility": reverse("public:accessibility"),
        "privacy": reverse("public:privacy"),
    }


def head_of(client, path: str) -> str:
    html = client.get(path).content.decode()
    return html[: html.index("</head>")]


def test_every_public_page_has_a_canonical_link_to_itself(client, public_pages):
    for path in public_pages.values():
        assert f'<link rel="canonical" href="http://testserver{path}">' in head_of(client, path)


def test_the_canonical_link_drops_filters_but_keeps_the_page_number(client, public_pages):
    head = head_of(client, "/en/?platform=x&page=2")
    assert '<link rel="canonical" href="http://testserver/en/?page=2">' in head
    head = head_of(client, "/en/verify/")
    assert '<link rel="canonical" href="http://testserver/en/verify/">' in head
    # A verify answer is a page to share: its address names the account (issue 17).
    head = head_of(client, "/en/verify/?url=https://x.com/someone/status/1?s=20")
    canonical = "http://testserver/en/verify/?url=https%3A%2F%2Fx.com%2Fsomeone"
    assert f'<link rel="canonical" href="{canonical}">' in head


def test_every_public_page_has_a_description_of_its_own(client, public_pages):
    descriptions = {}
    for name, path in public_pages.items():
        found = re.search(r'<meta name="description" content="([^"]+)">', head_of(client, path))
        descriptions[name] = found.group(1)
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert "Ministry of Finance" in descriptions["ministry"]


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_every_public_page_names_its_languages_and_the_default(client, public_pages, language):
    for path in public_pages.values():
        path = f"/{language}/" + path.split("/", 2)[2]
        head = head_of(client, path)
        negotiated = "/" + path.split("/", 2)[2]  # redirects to the visitor's language
        assert f'hreflang="x-default" href="http://testserver{negotiated}"' in head, path
        for code in ("fr", "de", "en"):
            assert f'hreflang="{code}"' in head, path


def test_security_txt_gives_the_contact_from_settings_and_an_expiry_date(client, db, settings):
    settings.SECURITY_CONTACT = "mailto:cert@gouv.example"
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:cert@gouv.example"
    expires = datetime.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    now = datetime.datetime.now(datetime.UTC)
    assert now < expires <= now + datetime.timedelta(days=365)  # RFC 9116: less than a year
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"


@pytest.mark.parametrize(
    "path", ["/en/", "/api/v1/platforms/", "/robots.txt", "/en/account/login/"]
)
def test_every_answer_carries_a_permissions_policy(client, db, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_the_x_default_address_sends_each_visitor_to_their_language(client, verified_entry):
    response = client.get(f"/accounts/{verified_entry.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert response["Location"] == f"/de/accounts/{verified_entry.pk}/"


@pytest.mark.parametrize(
    "path, query",
    [
        ("/en/?platform=x&page=2", "?page=2"),
        ("/en/verify/?url=https://x.com/someone/status/1", "?url=https%3A%2F%2Fx.com%2Fsomeone"),
        ("/en/?q=finance", ""),
    ],
)  # fmt: skip
def test_the_other_languages_keep_the_query_the_canonical_link_keeps(client, db, path, query):
    head = head_of(client, path)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', head).group(1)
    assert canonical.endswith("/en/" + path.split("/", 2)[2].split("?")[0] + query)
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    assert {code for code, _href in alternates} == {"lb", "fr", "de", "en", "x-default"}
    for code, href in alternates:
        assert href.endswith(query) and (query or "?" not in href), (code, href)
    assert dict(alternates)["en"] == canonical


def test_a_verify_answer_about_any_link_is_kept_out_of_search_engines(client, verified_entry):
    robots = '<meta name="robots" content="noindex">'
    assert robots in head_of(client, "/en/verify/?url=https://x.com/anyone_at_all")
    assert robots in head_of(client, "/en/verify/?url=not a link")
    assert robots not in head_of(client, f"/en/verify/?url={verified_entry.url}")
    assert robots not in head_of(client, "/en/verify/")
