"""Verify a link: the four answers, refused links, and the same answer from `verify_link`."""

import pytest
from django.urls import reverse

from registry.links import InvalidAccountURL, parse_account_url
from registry.models import Status
from registry.verification import Result, verify_link


def verify_page(client, url: str):
    return client.get(reverse("public:verify"), {"url": url})


@pytest.mark.parametrize(
    ("status", "result"),
    [
        (Status.VERIFIED, Result.OFFICIAL),
        (Status.SUSPENDED, Result.SUSPENDED),
        (Status.CLOSED, Result.CLOSED),
        (Status.DRAFT, Result.NOT_REGISTERED),
        (Status.SUBMITTED, Result.NOT_REGISTERED),
        (Status.CHANGES_REQUESTED, Result.NOT_REGISTERED),
        (Status.REJECTED, Result.NOT_REGISTERED),
        (Status.WITHDRAWN, Result.NOT_REGISTERED),
    ],
)
def test_verify_link_answers_from_public_entries_only(make_entry, status, result):
    entry = make_entry(status, handle="gouvlu")
    verdict = verify_link("https://x.com/gouvlu")
    assert verdict.result == result
    assert (verdict.platform, verdict.handle) == ("x", "gouvlu")
    assert verdict.entry == (entry if result != Result.NOT_REGISTERED else None)


@pytest.mark.parametrize(
    "link",
    ["https://x.com/gouvlu", "https://twitter.com/gouvlu/status/1234567890", "x.com/GouvLU"],
)
def test_posts_and_other_hosts_of_an_official_account_are_official(make_entry, link):
    make_entry(Status.VERIFIED, handle="gouvlu")
    assert verify_link(link).result == Result.OFFICIAL


def test_a_refused_link_raises_the_parsers_error():
    with pytest.raises(InvalidAccountURL):
        verify_link("https://example.com/not-a-platform")


def test_official_answer_names_the_entry_and_when_it_was_last_confirmed(client, verified_entry):
    r = verify_page(client, verified_entry.url)
    page = r.content.decode()
    assert r.status_code == 200
    assert "result-official" in page
    assert "Official account" in page or "Compte officiel" in page
    assert verified_entry.display_name in page
    assert verified_entry.get_absolute_url() in page


def test_closed_answer_says_the_handle_may_belong_to_someone_else_now(client, make_entry):
    entry = make_entry(Status.CLOSED, handle="anciencompte")
    page = client.get("/en/verify/", {"url": "https://x.com/anciencompte"}).content.decode()
    assert "result-closed" in page
    assert "may now be used by someone else" in page
    assert entry.display_name in page


def test_suspended_answer_shows_the_central_units_public_notice(client, suspended_entry):
    page = client.get("/en/verify/", {"url": suspended_entry.url}).content.decode()
    assert "result-suspended" in page
    assert "Ce compte a été piraté." in page


def test_not_registered_answer_offers_to_report_the_link(client, db):
    page = client.get("/en/verify/", {"url": "https://x.com/fauxministere"}).content.decode()
    assert "result-not_registered" in page
    assert reverse("public:report") + "?url=https%3A//x.com/fauxministere" in page


@pytest.mark.parametrize("link", ["https://example.com/someone", "hello world", "x.com/"])
def test_a_refused_link_gets_the_parsers_message_not_an_error_page(client, db, link):
    r = client.get("/en/verify/", {"url": link})
    page = r.content.decode()
    assert r.status_code == 200
    assert "result-invalid" in page
    with pytest.raises(InvalidAccountURL) as refused:
        verify_link(link)
    assert refused.value.render().replace("'", "&#x27;") in page


def test_an_empty_verify_page_shows_the_form_and_no_answer(client, db):
    page = client.get("/fr/verify/").content.decode()
    assert 'name="url"' in page
    assert "result-" not in page


def test_a_huge_link_is_cut_and_answered_not_crashed(client, db):
    r = client.get("/en/verify/", {"url": "https://x.com/" + "a" * 10000})
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("link", "platform"),
    [
        ("twitter.com.evil.example/x", "X (Twitter)"),
        ("https://twltter.com/gouvlu", "X (Twitter)"),
        ("https://faceb00k.com/gouvlu", "Facebook"),
        ("https://f\u0430cebook.com/gouvlu", "Facebook"),
        ("https://instagram-lu.social/@gouvlu", "Instagram"),
    ],
)
def test_a_look_alike_link_gets_a_warning_naming_the_platform_and_the_report_button(
    client, db, link, platform
):
    page = client.get("/en/verify/", {"url": link}).content.decode()
    assert "result-lookalike" in page
    assert f"Warning: this link imitates {platform}" in page
    assert reverse("public:report") + "?url=" in page
    assert "result-invalid" not in page
    assert "cannot check" not in page
    assert "fediverse" not in page.split('id="result-title"')[1]


def test_the_look_alike_warning_is_translated(client, db):
    page = client.get("/fr/verify/", {"url": "https://twltter.com/gouvlu"}).content.decode()
    assert "Attention\u00a0: ce lien imite X (Twitter)" in page


@pytest.mark.parametrize(
    ("link", "platform"),
    [
        ("https://www.instagram.com/p/C1aBcDeFgHi/", "Instagram"),
        ("https://www.instagram.com/reel/C1aBcDeFgHi/", "Instagram"),
        ("https://www.linkedin.com/posts/gouvlu_activity-7100000000-abcd", "LinkedIn"),
        ("https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000000/", "LinkedIn"),
        ("https://x.com/i/web/status/1790000000000000000", "X (Twitter)"),
    ],
)
def test_a_post_link_without_its_account_says_so_and_asks_for_the_profile(
    client, db, link, platform
):
    page = client.get("/en/verify/", {"url": link}).content.decode()
    assert "result-invalid" in page
    assert f"a link to a single {platform} post" in page
    assert "the address of the account&#x27;s profile page" in page


@pytest.mark.parametrize(
    "link",
    [
        "https://x.com/i/user/783214",
        "twitter.com/i/user/783214",
        "https://twitter.com/intent/user?user_id=783214",
    ],
)
def test_an_x_user_number_is_answered_by_the_entry_holding_it(client, make_entry, link):
    entry = make_entry(Status.VERIFIED, handle="gouvlu", platform_account_id="783214")
    assert verify_link(link).entry == entry
    page = client.get("/en/verify/", {"url": link}).content.decode()
    assert "result-official" in page


def test_an_unknown_x_user_number_is_not_registered_and_says_which_number(client, db):
    page = client.get("/en/verify/", {"url": "https://x.com/i/user/999"}).content.decode()
    assert "result-not_registered" in page
    assert "registered as “id:999” on X (Twitter)" in page


@pytest.mark.parametrize(
    ("link", "handle"),
    [
        (
            "https://www.facebook.com/Minist%C3%A8re-de-la-Sant%C3%A9-100064123456789",
            "100064123456789",
        ),
        ("https://www.youtube.com/user/GouvLu", "user/gouvlu"),
        ("https://www.youtube.com/GouvLu", "c/gouvlu"),
        ("https://twitter.com/@GouvLu", "gouvlu"),
        (
            "https://www.linkedin.com/company/minist%C3%A8re-de-la-sant%C3%A9/",
            "company/ministère-de-la-santé",
        ),
    ],
)
def test_real_published_links_are_read_and_answered_by_the_entry_registered_under_them(
    make_entry, link, handle
):
    platform = parse_account_url(link).platform
    entry = make_entry(Status.VERIFIED, handle=handle, platform=platform)
    assert verify_link(link).entry == entry


def test_the_page_promises_only_what_the_parser_keeps(client, db):
    page = client.get("/en/verify/").content.decode()
    assert "share link" not in page
    assert "or of one of its posts" not in page
    assert "Links to YouTube videos, to Instagram and LinkedIn posts" in page
