"""The look-alike detector, as a table: which hosts imitate which platform, and which imitate
none. Pure Python: no Django, no database."""

import pytest

from registry.links import InvalidAccountURL, parse_account_url
from registry.links.lookalike import imitated_platform, readable_host, skeleton

# (host as written, slug of the platform it imitates)
IMITATIONS = [
    # A platform's domain inside another host.
    ("twitter.com.evil.example", "x"),
    ("x.com.gouvlu.info", "x"),
    ("www.facebook.com.verify-page.net", "facebook"),
    ("t.me.example.org", "telegram"),
    ("bsky.app.login.example", "bluesky"),
    # A platform's name inside a label.
    ("facebook-login.net", "facebook"),
    ("youtube.lu.example.net", "youtube"),
    ("instagram-lu.social", "instagram"),
    ("my-linkedin-profile.com", "linkedin"),
    ("secure-whatsapp.org", "whatsapp"),
    ("twitter-gouvlu.com", "x"),
    # Letters that pass for others.
    ("twltter.com", "x"),
    ("tw1tter.com", "x"),
    ("faceb00k.com", "facebook"),
    ("yout0be.com", "youtube"),
    ("1inkedin.com", "linkedin"),
    ("linkedln.com", "linkedin"),
    ("lnstagram.com", "instagram"),
    ("g1thub.com", "github"),
    ("tikt0k.com", "tiktok"),
    ("vvhatsapp.com", "whatsapp"),
    # Other scripts, accents, width, punycode.
    ("f\u0430cebook.com", "facebook"),  # Cyrillic а
    ("\u0456nstagram.com", "instagram"),  # Cyrillic і
    ("y\u043eutube.com", "youtube"),  # Cyrillic о
    ("twitt\u0435r.com", "x"),  # Cyrillic е
    ("xn--fcebook-2fg.com", "facebook"),  # the punycode of fаcebook.com
    ("xn--facebok-ts1b.com", "facebook"),
    ("\uff58.com", "x"),  # full-width x
    ("x.co\u1e3f", "x"),
    ("f\u00e1cebook.com", "facebook"),
    ("TWITTER.COM.EVIL.EXAMPLE.", "x"),
    # One typing slip from a long name.
    ("facebok.com", "facebook"),
    ("faceboook.com", "facebook"),
    ("youtbe.com", "youtube"),
    ("instagarm.com", "instagram"),
    ("twiter.com", "x"),
    ("telegarm.org", "telegram"),
    ("snapchta.com", "snapchat"),
]

# Hosts that imitate nothing: fediverse servers, government sites, ordinary words.
INNOCENT = [
    "mastodon.social",
    "piaille.fr",
    "framapiaf.org",
    "social.numerique.gouv.fr",
    "gouvernement.lu",
    "fosstodon.org",
    "infosec.exchange",
    "chaos.social",
    "gitlab.com",
    "interest.social",  # one letter from "pinterest", but not its first
    "telegra.ph",  # Telegram's own Telegraph
    "box.com",
    "ottawa.me",
    "threads-of-history.org",  # "threads" and "x" are ordinary words
    "bücher.de",
    "medium.com",
]


@pytest.mark.parametrize(("host", "slug"), IMITATIONS)
def test_host_imitates_the_platform(host: str, slug: str) -> None:
    assert imitated_platform(host) == slug


@pytest.mark.parametrize("host", INNOCENT)
def test_host_imitates_no_platform(host: str) -> None:
    assert imitated_platform(host) is None


@pytest.mark.parametrize(("host", "slug"), IMITATIONS)
def test_a_link_on_an_imitating_host_is_refused_naming_the_platform(host: str, slug: str) -> None:
    with pytest.raises(InvalidAccountURL) as caught:
        parse_account_url(f"https://{host}/@gouvlu")
    assert caught.value.code == "lookalike"
    assert caught.value.params["imitates"] == slug
    assert caught.value.params["host"].isascii()  # punycode shows what the letters hide


def test_the_warning_names_the_platform_and_the_real_address() -> None:
    with pytest.raises(InvalidAccountURL) as caught:
        parse_account_url("https://f\u0430cebook.com/gouvlu")
    message = str(caught.value)
    assert "imitates Facebook" in message
    assert "xn--fcebook-2fg.com" in message
    assert "fediverse" not in message


@pytest.mark.parametrize(
    "text",
    ["x.com/gouvlu", "twitter.com/gouvlu", "www.facebook.com/gouvlu", "youtube.com/@gouvlu"],
)
def test_the_platforms_own_hosts_are_never_look_alikes(text: str) -> None:
    assert parse_account_url(text).platform != "mastodon"


def test_readable_host_reads_punycode_accents_and_other_scripts_as_latin() -> None:
    assert readable_host("xn--fcebook-2fg.com") == "facebook.com"
    assert readable_host("F\u00c1CEBOOK.com.") == "facebook.com"


def test_skeleton_folds_digits_and_letter_pairs() -> None:
    assert skeleton("faceb00k") == skeleton("facebook")
    assert skeleton("twltter") == skeleton("twitter")
    assert skeleton("rnastodon") == skeleton("mastodon")
