"""Notices in the reader's language (issue 34, requirement 2): a suspension's public notice
exists in every interface language a reviewer wrote it in (a reason's standard message left as
it is, and the watch's notices, in all of them); a page shows the reader's, or marks the
language of the text it shows and links to the page in each language the notice exists in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Move, Reason, Status
from registry.notices import notice_in
from registry.watch.service import check_entry
from tests.conftest import serve_bluesky, serve_bluesky_profile

LANGUAGES = ["lb", "fr", "de", "en"]


def suspend(client, entry, language: str, **fields):
    with translation.override(language):
        url = reverse("review:act", args=[entry.pk])
    data = {"move": Move.SUSPEND, "version": entry.version, **fields}
    return client.post(url, data)


def page(client, name: str, language: str, *args, **query) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def notice_block(html: str) -> str:
    return re.search(
        r'<div class="public-notice".*?</div>\s*(<p class="help">.*?</p>)?', html, re.S
    )[0]


def test_a_notice_written_in_two_languages_is_kept_in_both(client, reviewer, verified_entry):
    client.force_login(reviewer)
    suspend(client, verified_entry, "fr", reason=Reason.COMPROMISED, message="Compte piraté.",
            notice_de="Konto gehackt.")  # fmt: skip
    verified_entry.refresh_from_db()
    assert verified_entry.status == Status.SUSPENDED
    assert verified_entry.public_notices == {"fr": "Compte piraté.", "de": "Konto gehackt."}
    assert verified_entry.public_notice == "Compte piraté."


def test_a_standard_message_left_as_it_is_exists_in_every_language(
    client, reviewer, verified_entry
):
    client.force_login(reviewer)
    with translation.override("de"):
        standard = str(translation.gettext("The account appears to be compromised."))
    suspend(client, verified_entry, "de", reason=Reason.COMPROMISED, message=standard)
    verified_entry.refresh_from_db()
    assert sorted(verified_entry.public_notices) == sorted(LANGUAGES)
    assert verified_entry.public_notices["lb"] == "De Kont schéngt kompromittéiert ze sinn."
    assert verified_entry.public_notices["fr"] != verified_entry.public_notices["en"]


def test_an_edited_standard_message_stays_in_the_language_it_was_written_in(
    client, reviewer, verified_entry
):
    client.force_login(reviewer)
    suspend(client, verified_entry, "en", reason=Reason.COMPROMISED,
            message="The account appears to be compromised since Monday.")  # fmt: skip
    verified_entry.refresh_from_db()
    assert list(verified_entry.public_notices) == ["en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_account_page_shows_the_notice_in_the_readers_language(client, make_entry, language):
    texts = {"lb": "Kont gehackt.", "fr": "Compte piraté.", "de": "Konto gehackt.",
             "en": "Account hacked."}  # fmt: skip
    entry = make_entry(Status.SUSPENDED, public_notice=texts["fr"], public_notices=texts)
    block = notice_block(page(client, "public:account", language, entry.pk))
    assert texts[language] in block
    assert "lang=" not in block  # in the page's own language: nothing to mark


def test_a_notice_in_another_language_is_marked_and_the_others_offered(client, make_entry):
    entry = make_entry(Status.SUSPENDED, public_notice="Compte piraté.",
                       public_notices={"fr": "Compte piraté.", "de": "Konto gehackt."})  # fmt: skip
    block = notice_block(page(client, "public:account", "en", entry.pk))
    assert '<div class="public-notice" lang="fr">' in block
    with translation.override("de"):
        german_page = reverse("public:account", args=[entry.pk])
    assert f'href="{german_page}" hreflang="de" lang="de"' in block
    assert "Deutsch" in block and 'hreflang="lb"' not in block


def test_a_notice_kept_before_notices_had_languages_is_shown_as_french(client, suspended_entry):
    notice = notice_in(suspended_entry, "de")
    assert (notice.text, notice.language, notice.foreign) == ("Ce compte a été piraté.", "fr", True)
    block = notice_block(page(client, "public:account", "de", suspended_entry.pk))
    assert 'lang="fr"' in block


def test_the_verify_page_shows_the_notice_in_the_readers_language(client, make_entry):
    entry = make_entry(Status.SUSPENDED, public_notice="Compte piraté.",
                       public_notices={"fr": "Compte piraté.", "lb": "Kont gehackt."})  # fmt: skip
    html = page(client, "public:verify", "lb", url=entry.url)
    assert "Kont gehackt." in html and "Compte piraté." not in html


def test_the_feed_gives_the_notice_in_its_language(client, make_entry):
    make_entry(Status.SUSPENDED, public_notice="Compte piraté.",
               public_notices={"fr": "Compte piraté.", "de": "Konto gehackt."})  # fmt: skip
    feed = page(client, "public:feed", "de")
    assert "Konto gehackt." in feed and "Compte piraté." not in feed


def test_reinstating_clears_the_notice_in_every_language(client, reviewer, make_entry):
    entry = make_entry(Status.SUSPENDED, public_notice="Compte piraté.",
                       public_notices={"fr": "Compte piraté.", "de": "Konto gehackt."})  # fmt: skip
    client.force_login(reviewer)
    client.post(reverse("review:act", args=[entry.pk]),
                {"move": Move.REINSTATE, "version": entry.version})  # fmt: skip
    entry.refresh_from_db()
    assert (entry.status, entry.public_notice, entry.public_notices) == (Status.VERIFIED, "", {})


def test_the_watchs_takeover_notice_exists_in_every_language(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    serve_bluesky_profile(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    with django_capture_on_commit_callbacks(execute=True):
        check_entry(bluesky_entry.pk, even_if_not_due=True)
    bluesky_entry.refresh_from_db()
    notices = bluesky_entry.public_notices
    assert sorted(notices) == sorted(LANGUAGES)
    assert "Dëse Benotzernumm gehéiert net méi" in notices["lb"]
    assert "no longer belongs" in notices["en"] and notices["de"] not in (
        notices["fr"],
        notices["en"],
    )
    assert bluesky_entry.public_notice == notices["fr"]  # the site's language, for the open data
