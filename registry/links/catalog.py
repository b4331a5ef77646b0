"""What the parser tells people about each platform: labels, example links, name rules.

Plain data, plus the small helpers every platform parser shares to validate a name or refuse
with the platform's own wording.
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import unquote

from .refusals import gettext_noop, refuse

if TYPE_CHECKING:  # the parsers import this module, and address.py imports the parsers' tables
    from .address import Address

# Slug -> label, in the order forms list them.
PLATFORMS = MappingProxyType(
    {
        "x": gettext_noop("X (Twitter)"),
        "facebook": gettext_noop("Facebook"),
        "instagram": gettext_noop("Instagram"),
        "linkedin": gettext_noop("LinkedIn"),
        "youtube": gettext_noop("YouTube"),
        "tiktok": gettext_noop("TikTok"),
        "mastodon": gettext_noop("Mastodon (fediverse)"),
        "bluesky": gettext_noop("Bluesky"),
        "threads": gettext_noop("Threads"),
        "flickr": gettext_noop("Flickr"),
        "vimeo": gettext_noop("Vimeo"),
        "pinterest": gettext_noop("Pinterest"),
        "telegram": gettext_noop("Telegram"),
        "whatsapp": gettext_noop("WhatsApp"),
        "snapchat": gettext_noop("Snapchat"),
        "github": gettext_noop("GitHub"),
    }
)

EXAMPLES = MappingProxyType(
    {
        "x": "https://x.com/name",
        "facebook": "https://www.facebook.com/name",
        "instagram": "https://www.instagram.com/name/",
        "linkedin": "https://www.linkedin.com/company/name/",
        "youtube": "https://www.youtube.com/@name",
        "tiktok": "https://www.tiktok.com/@name",
        "mastodon": "https://server.example/@name",
        "bluesky": "https://bsky.app/profile/name.bsky.social",
        "threads": "https://www.threads.com/@name",
        "flickr": "https://www.flickr.com/photos/name/",
        "vimeo": "https://vimeo.com/name",
        "pinterest": "https://www.pinterest.com/name/",
        "telegram": "https://t.me/name",
        "whatsapp": "https://www.whatsapp.com/channel/0029VaExampleChannelId12",
        "snapchat": "https://www.snapchat.com/add/name",
        "github": "https://github.com/name",
    }
)

RULES = MappingProxyType(
    {
        "x": gettext_noop("1 to 15 letters, digits or underscores."),
        "facebook": gettext_noop("at least 3 letters, digits or dots, or a page number."),
        "instagram": gettext_noop(
            "1 to 30 letters, digits, underscores or dots, not starting or ending with a dot."
        ),
        "linkedin": gettext_noop(
            "a kind of page (company, showcase, school or in) followed by letters, digits or "
            "hyphens."
        ),
        "youtube": gettext_noop(
            "an @handle of 3 to 30 letters, digits, dots, hyphens or underscores, or a channel "
            "id starting with UC."
        ),
        "tiktok": gettext_noop(
            "2 to 24 letters, digits, underscores or dots, not ending with a dot."
        ),
        "mastodon": gettext_noop("@name@server, the name made of letters, digits and underscores."),
        "bluesky": gettext_noop("a handle such as name.bsky.social or a DID (did:plc:…)."),
        "threads": gettext_noop(
            "1 to 30 letters, digits, underscores or dots, not starting or ending with a dot."
        ),
        "flickr": gettext_noop("letters, digits, hyphens or underscores, or an id like 123@N01."),
        "vimeo": gettext_noop("letters, digits or underscores, not only digits."),
        "pinterest": gettext_noop("3 to 30 letters, digits or underscores."),
        "telegram": gettext_noop("5 to 32 letters, digits or underscores, starting with a letter."),
        "whatsapp": gettext_noop("a channel id of 20 to 40 letters and digits."),
        "snapchat": gettext_noop(
            "3 to 15 letters, digits, dots, hyphens or underscores, starting with a letter."
        ),
        "github": gettext_noop(
            "1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen."
        ),
    }
)


def not_an_account(slug: str) -> NoReturn:
    refuse("not_an_account", platform=PLATFORMS[slug], example=EXAMPLES[slug])


def post_link(slug: str) -> NoReturn:
    refuse("post_link", platform=PLATFORMS[slug], example=EXAMPLES[slug])


def bad_handle(slug: str) -> NoReturn:
    refuse("bad_handle", platform=PLATFORMS[slug], rule=RULES[slug], example=EXAMPLES[slug])


def valid_name(
    slug: str, text: str, pattern: re.Pattern[str], reserved: frozenset[str] = frozenset()
) -> str:
    """Check a name against the platform's reserved words and rule; return it in lower case.

    The name is read decoded (``decoded``), and the rule is checked before folding case.
    """
    text = decoded(slug, text)
    if text.lower() in reserved:
        not_an_account(slug)
    if not pattern.fullmatch(text):
        bad_handle(slug)
    return text.lower()


def decoded(slug: str, text: str) -> str:
    """A name as the platform reads it: percent-escapes decoded (UTF-8), letters composed (NFC).

    Compatibility forms (full-width letters, ligatures, the Kelvin sign) are refused: they only
    imitate ordinary letters, and some fold into ASCII ones in lower case.
    """
    try:
        text = unquote(text, errors="strict")
    except UnicodeDecodeError:
        bad_handle(slug)
    if any(not char.isascii() and unicodedata.normalize("NFC", char).isascii() for char in text):
        bad_handle(slug)  # the Kelvin sign composes into a plain "K"
    text = unicodedata.normalize("NFC", text)
    if unicodedata.normalize("NFKC", text) != text:
        bad_handle(slug)
    return text


def segment(slug: str, address: Address, index: int = 0) -> str:
    """The path segment at ``index``; refuse paths too short to name an account (home pages)."""
    if len(address.segments) <= index:
        not_an_account(slug)
    return address.segments[index]


def at_name(slug: str, address: Address, pattern: re.Pattern[str]) -> str:
    """The lower-case name of a ``/@name/…`` path (TikTok, Threads, Snapchat)."""
    first = segment(slug, address)
    if not first.startswith("@"):
        not_an_account(slug)
    return valid_name(slug, first[1:], pattern)
