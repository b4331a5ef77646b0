"""The registry's answer where people read (issue 17): badges, the list for scanners, the link
back that Mastodon verifies, and the metadata that makes a shared answer show the answer."""

import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from registry import workflow
from registry.models import Reason, SocialAccount, Status
from registry.public.views.share import CARD_KINDS, CARD_SIZE, card_path
from tests.conftest import missing_tool

SVG = "{http://www.w3.org/2000/svg}"
STATIC = Path(settings.BASE_DIR) / "static"


class Links(HTMLParser):
    """The <a>/<link> elements and <meta> tags of a page, as attribute dictionaries."""

    def __init__(self):
        super().__init__()
        self.links, self.meta, self.title = [], {}, ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link"):
            self.links.append(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta[key] = attrs.get("content", "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(response) -> Links:
    page = Links()
    page.feed(response.content.decode())
    return page


def mastodon_verifies(response, profile_url: str) -> bool:
    """Mastodon's rule for a verified profile link (VerifyLinkService): the linked page is HTML,
    within 1 MB, and has an <a> or <link> whose rel contains "me" and whose href is the
    profile's address (compared without case)."""
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return False
    if len(response.content) > 1024 * 1024:
        return False
    return any(
        "me" in (link.get("rel") or "").lower().split()
        and (link.get("href") or "").lower() == profile_url.lower()
        for link in parsed(response).links
    )


def suspend(entry, reviewer):
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )


@pytest.fixture
def fediverse_entry(make_entry):
    return make_entry(
        Status.VERIFIED,
        platform=SocialAccount.Platform.MASTODON,
        handle="gouv@social.example",
        url="https://social.example/@gouv",
    )


# --- Badges ------------------------------------------------------------------------------


def badge_title(response) -> str:
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    return root.find(f"{SVG}title").text


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Status.VERIFIED, "Official account: Inland Revenue"),
        (Status.SUSPENDED, "Suspended account"),
        (Status.CLOSED, "Closed account"),
    ],
)
def test_the_badge_says_the_accounts_status(client, make_entry, status, words):
    entry = make_entry(status)
    response = client.get(f"/badges/{entry.pk}.svg?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert badge_title(response).startswith(words)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "Compte officiel"), ("de", "Offizielles Konto"), ("en", "Official account")],
)
def test_the_badge_speaks_the_language_asked_for(client, verified_entry, language, words):
    response = client.get(f"/badges/{verified_entry.pk}.svg?lang={language}")
    assert badge_title(response).startswith(words)


def test_a_badge_sets_no_cookie_and_revalidates(client, verified_entry):
    response = client.get(f"/badges/{verified_entry.pk}.svg")
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    again = client.get(f"/badges/{verified_entry.pk}.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_suspension_changes_the_badge_at_once(
    client, verified_entry, reviewer, django_capture_on_commit_callbacks
):
    first = client.get(f"/badges/{verified_entry.pk}.svg?lang=en")
    with django_capture_on_commit_callbacks(execute=True):
        suspend(verified_entry, reviewer)
    after = client.get(f"/badges/{verified_entry.pk}.svg?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert badge_title(after).startswith("Suspended account")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
def test_an_entry_that_is_not_public_has_no_badge(client, make_entry, status):
    assert client.get(f"/badges/{make_entry(status).pk}.svg").status_code == 404


def test_the_workspace_entry_page_gives_the_badge_snippet(client, editor, verified_entry):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[verified_entry.pk])).content.decode()
    assert f"/badges/{verified_entry.pk}.svg?lang=fr" in page
    assert "&lt;img src=" in page  # the snippet to copy, shown as text


def test_the_embed_page_offers_a_verify_box_that_submits_to_the_verify_page(client, verified_entry):
    page = client.get(reverse("public:embed")).content.decode()
    assert f'action="{settings.SITE_URL}/en/verify/"' in page
    assert 'name="url"' in page


# --- Mastodon's verified link (rel="me") -----------------------------------------------


def test_a_verified_fediverse_accounts_page_passes_mastodons_link_check(client, fediverse_entry):
    response = client.get(reverse("public:account", args=[fediverse_entry.pk]))
    assert mastodon_verifies(response, "https://social.example/@gouv")
    rel_me = [link for link in parsed(response).links if "me" in link.get("rel", "").split()]
    assert {link.get("href") for link in rel_me} == {"https://social.example/@gouv"}
    assert len(rel_me) == 2  # in the head and visibly in the page


def test_a_suspension_removes_the_link_back(
    client, fediverse_entry, reviewer, django_capture_on_commit_callbacks
):
    url = reverse("public:account", args=[fediverse_entry.pk])
    assert mastodon_verifies(client.get(url), fediverse_entry.url)
    with django_capture_on_commit_callbacks(execute=True):
        suspend(fediverse_entry, reviewer)
    assert not mastodon_verifies(client.get(url), fediverse_entry.url)


def test_other_platforms_pages_carry_no_link_back(client, verified_entry):
    response = client.get(reverse("public:account", args=[verified_entry.pk]))
    assert not mastodon_verifies(response, verified_entry.url)


def test_the_staff_page_says_which_address_to_put_in_the_profile(client, editor, fediverse_entry):
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[fediverse_entry.pk])).content.decode()
    # In the ministry's language (ministry A speaks French).
    assert f"{settings.SITE_URL}/fr/accounts/{fediverse_entry.pk}/" in page


# --- Shareable answers ----------------------------------------------------------------------


REQUIRED_META = (
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:alt",
    "twitter:card",
    "twitter:title",
    "twitter:image",
)


@pytest.mark.parametrize(
    ("status", "kind", "title"),
    [
        (Status.VERIFIED, "official", "official account"),
        (Status.SUSPENDED, "suspended", "suspended official account"),
        (Status.CLOSED, "closed", "closed, no longer official"),
    ],
)
def test_an_account_page_shares_its_answer(client, make_entry, status, kind, title):
    entry = make_entry(status)
    page = parsed(client.get(reverse("public:account", args=[entry.pk])))
    assert set(REQUIRED_META) <= page.meta.keys()
    assert title in page.meta["og:title"]
    assert title in page.title
    assert page.meta["og:image"] == f"{settings.SITE_URL}/static/{card_path(kind, 'en')}"
    assert page.meta["og:url"] == f"http://testserver/en/accounts/{entry.pk}/"
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == [page.meta["og:url"]]


@pytest.mark.parametrize(
    ("link", "kind", "title"),
    [
        ("https://x.com/{handle}", "official", "official account"),
        ("https://x.com/nobody_here", "not_registered", "not in the registry"),
    ],
)
def test_a_verify_answer_shares_its_answer(client, verified_entry, link, kind, title):
    link = link.format(handle=verified_entry.handle)
    page = parsed(client.get(reverse("public:verify"), {"url": link + "/status/1?s=20"}))
    assert title in page.meta["og:title"]
    assert page.meta["og:image"].endswith(card_path(kind, "en"))
    # The canonical address names the account's canonical link, not the post pasted.
    assert page.meta["og:url"].endswith(
        "/en/verify/?url=" + link.replace(":", "%3A").replace("/", "%2F")
    )


def test_the_verify_page_without_an_answer_has_no_share_card(client, db):
    assert "og:title" not in parsed(client.get(reverse("public:verify"))).meta


@pytest.mark.parametrize("kind", CARD_KINDS)
@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_every_answer_kind_has_a_card_image_in_every_language(kind, language):
    data = (STATIC / card_path(kind, language)).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == CARD_SIZE


def test_the_cards_are_drawn_again_by_a_command(tmp_path):
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not font.is_file():
        missing_tool("no DejaVu font on this machine: run `make browser-deps` (fonts-dejavu-core)")
    call_command("build_share_cards", out=str(tmp_path), font=str(font))
    assert len(list((tmp_path / "img" / "cards").glob("*.png"))) == len(CARD_KINDS) * len(
        settings.LANGUAGES
    )


# --- The list for scanners --------------------------------------------------------------


def test_the_well_known_list_holds_verified_accounts_only(client, make_entry, fediverse_entry):
    verified = make_entry(Status.VERIFIED, platform_account_id="12345")
    hidden = [make_entry(s) for s in (Status.SUSPENDED, Status.CLOSED, Status.DRAFT)]
    response = client.get("/.well-known/official-accounts.json")
    assert response.status_code == 200
    body = json.loads(response.content)
    handles = {row["handle"] for row in body["accounts"]}
    assert handles == {verified.handle, fediverse_entry.handle}
    assert not handles & {entry.handle for entry in hidden}
    row = next(row for row in body["accounts"] if row["handle"] == verified.handle)
    assert row == {
        "platform": "x",
        "handle": verified.handle,
        "url": verified.url,
        "platform_account_id": "12345",
    }
    assert body["count"] == 2


def test_the_well_known_list_is_cacheable_and_open_to_other_sites(client, verified_entry):
    response = client.get("/.well-known/official-accounts.json", HTTP_ORIGIN="https://b.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    again = client.get("/.well-known/official-accounts.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("verified_links", "says"),
    [
        (["http://127.0.0.1:8000/de/accounts/{pk}/"], "show this link as verified"),
        (["https://elsewhere.example/"], "did not see this link shown as verified"),
    ],
)
def test_the_staff_page_says_whether_the_watch_saw_the_link_verified(
    client, editor, fediverse_entry, settings, verified_links, says
):
    from django.utils import timezone

    from registry.models import WatchState

    settings.SITE_URL = "http://127.0.0.1:8000"
    links = [link.format(pk=fediverse_entry.pk) for link in verified_links]
    WatchState.objects.create(
        entry=fediverse_entry,
        last_checked_at=timezone.now(),
        last_seen={"exists": True, "verified_links": links},
    )
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[fediverse_entry.pk])).content.decode()
    assert says in page


@pytest.mark.parametrize("page_name", ["directory", "ministry"])
def test_the_directory_and_ministry_pages_share_a_card_of_their_own(
    client, verified_entry, ministry_a, page_name
):
    path = (
        reverse("public:ministry", args=[ministry_a.slug])
        if page_name == "ministry"
        else (reverse("public:directory"))
    )
    page = parsed(client.get(path))
    assert set(REQUIRED_META) <= page.meta.keys()
    assert page.meta["og:image"] == f"{settings.SITE_URL}/static/{card_path('registry', 'en')}"
    assert page.meta["og:url"] == f"http://testserver{path}"
    if page_name == "ministry":
        assert page.meta["og:title"] == ministry_a.name
        assert ministry_a.name in page.meta["og:description"]


@pytest.mark.parametrize(
    ("language", "locale"), [("lb", "lb_LU"), ("fr", "fr_FR"), ("de", "de_DE"), ("en", "en_GB")]
)
def test_og_locale_names_the_language_and_its_territory(client, verified_entry, language, locale):
    response = client.get(f"/{language}/accounts/{verified_entry.pk}/")
    html = response.content.decode()
    assert f'<meta property="og:locale" content="{locale}">' in html
    alternates = re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', html)
    assert sorted(alternates) == sorted({"lb_LU", "fr_FR", "de_DE", "en_GB"} - {locale})
