"""Each platform adapter against a stand-in server: normal answers, unknown accounts, failures."""

import pytest

from registry.watch.fetch import FetchError
from registry.watch.platforms import ADAPTERS, Seen, adapter_for, watched_platforms
from tests.conftest import serve_bluesky, serve_bluesky_unknown

CHANNEL = "UCabcdefghijklmnopqrstuv"

YOUTUBE_PAGE = f"""<!doctype html><html><head>
<link rel="canonical" href="https://www.youtube.com/channel/{CHANNEL}">
<meta property="og:title" content="Gouvernement &amp; Co">
<meta property="og:description" content="Compte officiel du gouvernement. REG-ABCD2345">
</head><body></body></html>"""

YOUTUBE_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
 <yt:channelId>{CHANNEL}</yt:channelId>
 <title>Gouvernement</title>
 <author><name>Gouvernement</name><uri>https://www.youtube.com/channel/{CHANNEL}</uri></author>
</feed>"""

TELEGRAM_PAGE = """<!DOCTYPE html><html><head><meta property="og:title" content="Gouv"></head>
<body><div class="tgme_page_title"><span dir="auto">Gouvernement</span></div>
<div class="tgme_page_description">Canal officiel.<br/>REG-ABCD2345</div></body></html>"""

TELEGRAM_UNKNOWN = """<!DOCTYPE html><html><head><meta property="og:title"
content="Telegram: Contact @nobody"></head><body><div class="tgme_page_extra">
You can contact @nobody right away.</div></body></html>"""

MASTODON_ACCOUNT = {
    "id": "109",
    "username": "gouv",
    "acct": "gouv",
    "display_name": "Gouvernement",
    "note": "<p>Compte officiel &amp; vérifié</p><p>REG-ABCD2345</p>",
}


def test_bluesky_resolves_the_handle_to_its_did_and_reads_the_profile(platform):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:abc", name="Gouv", text="Hi")
    seen = ADAPTERS["bluesky"].by_handle("gouv.bsky.social")
    assert seen == Seen(True, "did:plc:abc", "gouv.bsky.social", "Gouv", "Hi")


def test_bluesky_says_an_unknown_handle_or_did_does_not_exist(platform):
    serve_bluesky_unknown(platform, handle="nobody.bsky.social", did="did:plc:gone")
    assert not ADAPTERS["bluesky"].by_handle("nobody.bsky.social").exists
    assert not ADAPTERS["bluesky"].by_id("did:plc:gone").exists


def test_mastodon_looks_the_account_up_on_its_own_server(platform):
    platform.expect_request(
        "/social.example/api/v1/accounts/lookup", query_string={"acct": "gouv"}
    ).respond_with_json(MASTODON_ACCOUNT)
    seen = ADAPTERS["mastodon"].by_handle("gouv@social.example")
    assert seen.account_id == "109@social.example"
    assert seen.handle == "gouv@social.example"
    assert seen.text == "Compte officiel & vérifié\nREG-ABCD2345"


def test_mastodon_looks_an_account_up_by_id_and_says_when_it_is_gone(platform):
    platform.expect_request("/social.example/api/v1/accounts/109").respond_with_json(
        MASTODON_ACCOUNT | {"acct": "gouvernement"}
    )
    platform.expect_request("/social.example/api/v1/accounts/lookup").respond_with_json(
        {"error": "Record not found"}, 404
    )
    assert ADAPTERS["mastodon"].by_id("109@social.example").handle == "gouvernement@social.example"
    assert not ADAPTERS["mastodon"].by_handle("nobody@social.example").exists


def test_github_reads_a_user_by_name_and_by_id(platform):
    user = {"id": 42, "login": "GouvLu", "name": "Gouvernement", "bio": "Officiel"}
    platform.expect_request("/users/gouvlu").respond_with_json(user)
    platform.expect_request("/user/42").respond_with_json(user)
    platform.expect_request("/users/nobody").respond_with_json({"message": "Not Found"}, 404)
    assert ADAPTERS["github"].by_handle("gouvlu") == Seen(
        True, "42", "gouvlu", "Gouvernement", "Officiel"
    )
    assert ADAPTERS["github"].by_id("42").handle == "gouvlu"
    assert not ADAPTERS["github"].by_handle("nobody").exists


def test_youtube_reads_the_canonical_channel_id_from_the_handle_page(platform):
    platform.expect_request("/@gouvlu").respond_with_data(YOUTUBE_PAGE, content_type="text/html")
    seen = ADAPTERS["youtube"].by_handle("@gouvlu")
    assert (seen.account_id, seen.display_name) == (CHANNEL, "Gouvernement & Co")
    assert "REG-ABCD2345" in seen.text


def test_youtube_reads_a_channel_by_id_from_its_public_feed(platform):
    platform.expect_request(
        "/feeds/videos.xml", query_string={"channel_id": CHANNEL}
    ).respond_with_data(YOUTUBE_FEED, content_type="application/atom+xml")
    seen = ADAPTERS["youtube"].by_id(CHANNEL)
    assert (seen.exists, seen.account_id, seen.display_name) == (True, CHANNEL, "Gouvernement")


def test_youtube_says_a_missing_handle_page_is_gone_and_a_page_without_id_is_bad(platform):
    platform.expect_request("/@nobody").respond_with_data("Not found", status=404)
    platform.expect_request("/@odd").respond_with_data("<html>consent</html>")
    assert not ADAPTERS["youtube"].by_handle("@nobody").exists
    with pytest.raises(FetchError) as bad:
        ADAPTERS["youtube"].by_handle("@odd")
    assert bad.value.kind == "bad_answer"


def test_telegram_reads_the_public_preview_and_knows_an_unknown_name(platform):
    platform.expect_request("/gouvlu").respond_with_data(TELEGRAM_PAGE, content_type="text/html")
    platform.expect_request("/nobody").respond_with_data(TELEGRAM_UNKNOWN, content_type="text/html")
    seen = ADAPTERS["telegram"].by_handle("gouvlu")
    assert (seen.exists, seen.display_name, seen.text) == (
        True,
        "Gouvernement",
        "Canal officiel.\nREG-ABCD2345",
    )
    assert not ADAPTERS["telegram"].by_handle("nobody").exists


def test_x_is_not_watched_without_a_token(settings):
    settings.WATCH_X_BEARER_TOKEN = ""
    assert adapter_for("x") is None
    assert "x" not in watched_platforms()


def test_x_looks_users_up_with_the_bearer_token(platform, settings):
    settings.WATCH_X_BEARER_TOKEN = "secret-token"
    user = {"data": {"id": "7", "name": "Gouv", "username": "GouvLu", "description": "Officiel"}}
    platform.expect_request(
        "/2/users/by/username/gouvlu", headers={"Authorization": "Bearer secret-token"}
    ).respond_with_json(user)
    platform.expect_request("/2/users/8").respond_with_json(
        {"errors": [{"title": "Not Found Error"}]}
    )
    assert adapter_for("x").by_handle("gouvlu") == Seen(True, "7", "gouvlu", "Gouv", "Officiel")
    assert not adapter_for("x").by_id("8").exists


@pytest.mark.parametrize(
    ("slug", "handle", "path"),
    [
        ("bluesky", "gouv.bsky.social", "/xrpc/com.atproto.identity.resolveHandle"),
        ("mastodon", "gouv@social.example", "/social.example/api/v1/accounts/lookup"),
        ("github", "gouvlu", "/users/gouvlu"),
        ("youtube", "@gouvlu", "/@gouvlu"),
        ("telegram", "gouvlu", "/gouvlu"),
    ],
)
@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (503, "down", "server_error"),
        (429, "slow down", "rate_limited"),
        (200, "We are sorry, try later", "bad_answer"),
    ],
)
def test_every_adapter_turns_a_bad_answer_into_a_fetch_error(
    platform, slug, handle, path, status, body, kind
):
    platform.expect_request(path).respond_with_data(body, status=status, content_type="text/html")
    with pytest.raises(FetchError) as failed:
        ADAPTERS[slug].by_handle(handle)
    assert failed.value.kind == kind


def test_mastodon_reports_the_profile_links_it_shows_as_verified(platform):
    page = "https://registre.example/fr/accounts/7/"
    link = f'<a href="{page}" rel="me">registre</a>'
    fields = [
        {"name": "Registre", "value": link, "verified_at": "2026-11-01T10:00:00.000Z"},
        {"name": "Site", "value": '<a href="https://gouv.example/">gouv</a>', "verified_at": None},
    ]
    platform.expect_request(
        "/social.example/api/v1/accounts/lookup", query_string={"acct": "gouv"}
    ).respond_with_json({**MASTODON_ACCOUNT, "fields": fields})
    assert ADAPTERS["mastodon"].by_handle("gouv@social.example").verified_links == (page,)
