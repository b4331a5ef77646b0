"""One parser per platform: which paths name an account, the platform's name rule, and its
reserved words (one table per platform), plus the canonical profile URL of a key.

Each parser receives an ``Address`` on one of the platform's own hosts and returns the key.
Platforms whose account paths start with a fixed marker (``/@name``, ``/profile/…``,
``/add/…``) need no reserved table: every other path is refused by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from . import fediverse
from .address import Address
from .catalog import (
    EXAMPLES,
    at_name,
    bad_handle,
    not_an_account,
    post_link,
    segment,
    valid_name,
)
from .refusals import refuse
from .reserved import (
    FACEBOOK_RESERVED,
    FLICKR_RESERVED,
    GITHUB_RESERVED,
    INSTAGRAM_RESERVED,
    PINTEREST_RESERVED,
    TELEGRAM_RESERVED,
    VIMEO_RESERVED,
    X_RESERVED,
    YOUTUBE_RESERVED,
)

# --- X (Twitter): names, and the permanent user number as "id:<number>" ------------------------
X_NAME = re.compile(r"[A-Za-z0-9_]{1,15}")
X_USER_ID = re.compile(r"[1-9][0-9]{0,19}")


def parse_x(address: Address) -> str:
    segments, first = address.segments, segment("x", address).lower()
    second = segments[1].lower() if len(segments) >= 2 else ""
    if first == "i" and second == "user" and len(segments) >= 3:
        return _x_user_id(segments[2])  # x.com/i/user/<number>: the permanent id
    if first == "i" and "status" in (second, segments[2].lower() if len(segments) >= 3 else ""):
        post_link("x")  # x.com/i/web/status/<id>: a post without its author's name
    if first == "intent" and second in ("user", "follow"):
        return _x_intent(address)
    name = segments[0].removeprefix("@")  # twitter.com/@Name, as some sites write it
    return valid_name("x", name, X_NAME, X_RESERVED)


def _x_intent(address: Address) -> str:
    """twitter.com/intent/user?user_id=<number> or ?screen_name=<name>."""
    ids, names = set(address.query_values("user_id")), set(address.query_values("screen_name"))
    if len(ids) == 1 and not names:
        return _x_user_id(ids.pop())
    if len(names) == 1 and not ids:
        return valid_name("x", names.pop(), X_NAME, X_RESERVED)
    not_an_account("x")


def _x_user_id(text: str) -> str:
    return f"id:{text}" if X_USER_ID.fullmatch(text) else bad_handle("x")


def x_url(key: str) -> str:
    if key.startswith("id:"):
        return f"https://x.com/i/user/{key[3:]}"
    return f"https://x.com/{key}"


def x_display(key: str) -> str:
    return key if key.startswith("id:") else f"@{key}"


def x_permanent(key: str) -> str | None:
    return key[3:] if key.startswith("id:") else None


# --- Facebook ----------------------------------------------------------------------------------
# New names take 5 characters; pages named before that rule keep 3 or 4 (/NASA, /CDC, /EPA).
FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.]{3,50}")
FACEBOOK_ID = re.compile(r"[1-9][0-9]{0,19}")
FACEBOOK_SLUG_ID = re.compile(r".+-([1-9][0-9]{5,19})")  # /p/Page-Name-100064123456789/
# Pages of one post, photo or video, which name no account in their address.
FACEBOOK_POSTS = frozenset(
    {"permalink.php", "story.php", "photo", "photo.php", "reel", "watch", "video.php"}
)


def parse_facebook(address: Address) -> str:
    segments, first = address.segments, segment("facebook", address).lower()
    if first == "profile.php":
        ids = set(address.query_values("id"))
        return _facebook_id(ids.pop() if len(ids) == 1 else "")
    if first in ("people", "pages") and len(segments) >= 3:
        return _facebook_id(segments[2])  # /people/Page-Name/1000…/: the number is the account
    if first == "p" and len(segments) >= 2:
        match = FACEBOOK_SLUG_ID.fullmatch(segments[1])
        return match.group(1) if match else not_an_account("facebook")
    if first == "share":
        refuse("short_link")  # /share/…: Facebook's own shortened share links
    if first in FACEBOOK_POSTS and (len(segments) >= 2 or address.query):
        post_link("facebook")  # /permalink.php?story_fbid=…, /photo/?fbid=…, /reel/123, …
    if first == "pg":
        return _facebook_name(segment("facebook", address, 1))
    if FACEBOOK_ID.fullmatch(first):
        return first
    if match := FACEBOOK_SLUG_ID.fullmatch(segments[0]):
        return match.group(1)  # /Page-Name-100064123456789: an old page link, by its number
    return _facebook_name(segments[0])


def _facebook_id(text: str) -> str:
    return text if FACEBOOK_ID.fullmatch(text) else not_an_account("facebook")


def _facebook_name(text: str) -> str:
    """Facebook ignores dots and case in usernames ("Gouv.Lu" is "gouvlu"), so the key does too."""
    name = valid_name("facebook", text, FACEBOOK_NAME, FACEBOOK_RESERVED).replace(".", "")
    if len(name) < 3 or name.isdigit() or name in FACEBOOK_RESERVED:
        bad_handle("facebook")  # too short without dots, or would read as a numeric page id
    return name


def facebook_permanent(key: str) -> str | None:
    return key if key.isdigit() else None


def facebook_url(key: str) -> str:
    if key.isdigit():
        return f"https://www.facebook.com/profile.php?id={key}"
    return f"https://www.facebook.com/{key}"


# --- Instagram and Threads (Threads uses Instagram names) ---------------------------------------
INSTAGRAM_NAME = re.compile(r"(?!\.)(?!.*\.\.)[A-Za-z0-9._]{1,30}(?<!\.)")


INSTAGRAM_POSTS = frozenset({"p", "reel", "reels", "tv"})


def parse_instagram(address: Address) -> str:
    first = segment("instagram", address).lower()
    if first in INSTAGRAM_POSTS and len(address.segments) >= 2:
        post_link("instagram")  # instagram.com/p/<code>/: the author is not in the address
    index = 1 if first in ("_u", "stories") else 0  # /_u/name (app link), /stories/name/123
    return valid_name(
        "instagram", segment("instagram", address, index), INSTAGRAM_NAME, INSTAGRAM_RESERVED
    )


def parse_threads(address: Address) -> str:
    if segment("threads", address).lower() == "t" and len(address.segments) >= 2:
        post_link("threads")  # threads.com/t/<code>: a post without its author's name
    return at_name("threads", address, INSTAGRAM_NAME)


# --- LinkedIn: the kind of page is part of the key ---------------------------------------------
LINKEDIN_KINDS = frozenset({"company", "showcase", "school", "in"})
LINKEDIN_SLUG = re.compile(r"[^\W_][\w-]{1,99}")  # letters of any language, digits, - and _


def parse_linkedin(address: Address) -> str:
    kind = segment("linkedin", address).lower()
    if _is_linkedin_post(kind, address.segments):
        post_link("linkedin")  # /posts/…-activity-…, /feed/update/urn:li:activity:…, articles
    if kind not in LINKEDIN_KINDS:
        not_an_account("linkedin")  # feed, jobs, search, groups, …
    return f"{kind}/{valid_name('linkedin', segment('linkedin', address, 1), LINKEDIN_SLUG)}"


def _is_linkedin_post(kind: str, segments: tuple[str, ...]) -> bool:
    if kind in ("posts", "pulse"):
        return len(segments) >= 2
    return kind in ("feed", "embed") and "update" in segments


def linkedin_url(key: str) -> str:
    return f"https://www.linkedin.com/{quote(key)}/"


# --- YouTube: @handles, channel ids "UC…", and the legacy "user/…" and "c/…" names ---------------
YOUTUBE_HANDLE = re.compile(r"[\w.-]{3,30}")  # letters of any language since 2023
YOUTUBE_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
YOUTUBE_LEGACY_NAME = re.compile(r"[^\W_][\w.-]{0,99}")
YOUTUBE_VIDEOS = frozenset({"watch", "shorts", "live", "embed", "v"})


def parse_youtube(address: Address) -> str:
    first = segment("youtube", address)
    kind = first.lower()
    if first.startswith("@"):
        return "@" + valid_name("youtube", first[1:], YOUTUBE_HANDLE)
    if first == "channel":
        channel_id = segment("youtube", address, 1)
        return channel_id if YOUTUBE_CHANNEL_ID.fullmatch(channel_id) else bad_handle("youtube")
    if kind in ("c", "user"):
        name = valid_name("youtube", segment("youtube", address, 1), YOUTUBE_LEGACY_NAME)
        return f"{kind}/{name}"  # a legacy user name, or a custom address
    if kind in YOUTUBE_VIDEOS:
        refuse("video_link", example=EXAMPLES["youtube"])
    # youtube.com/<name> is the short form of the custom address youtube.com/c/<name>.
    return "c/" + valid_name("youtube", first, YOUTUBE_LEGACY_NAME, YOUTUBE_RESERVED)


def youtube_url(key: str) -> str:
    if YOUTUBE_CHANNEL_ID.fullmatch(key):
        return f"https://www.youtube.com/channel/{key}"
    return f"https://www.youtube.com/{quote(key, safe='/@')}"


def youtube_permanent(key: str) -> str | None:
    return key if YOUTUBE_CHANNEL_ID.fullmatch(key) else None


# --- TikTok ------------------------------------------------------------------------------------
TIKTOK_NAME = re.compile(r"[A-Za-z0-9._]{2,24}(?<!\.)")


def parse_tiktok(address: Address) -> str:
    if segment("tiktok", address).lower() == "t":
        refuse("short_link")  # tiktok.com/t/…: a shared short link
    return at_name("tiktok", address, TIKTOK_NAME)


# --- Snapchat: /add/name and the newer /@name ---------------------------------------------------
SNAPCHAT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{1,13}[A-Za-z0-9]")


def parse_snapchat(address: Address) -> str:
    if segment("snapchat", address).lower() == "add":
        return valid_name("snapchat", segment("snapchat", address, 1), SNAPCHAT_NAME)
    return at_name("snapchat", address, SNAPCHAT_NAME)


# --- Bluesky: a domain handle (lower case) or a DID (kept as written) ---------------------------
BLUESKY_HANDLE = re.compile(
    r"(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)
BLUESKY_DID = re.compile(r"did:plc:[a-z2-7]{24}|did:web:[a-z0-9.-]{4,253}")
# Top-level domains the Bluesky handle spec disallows ("handle.invalid" marks a broken handle).
BLUESKY_BAD_TLDS = frozenset(
    ["alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion", "test"]
)


def parse_bluesky(address: Address) -> str:
    if segment("bluesky", address) != "profile":
        not_an_account("bluesky")  # search, feeds, lists, starter packs, settings, …
    name = segment("bluesky", address, 1)
    if BLUESKY_DID.fullmatch(name):
        return name
    handle = valid_name("bluesky", name, BLUESKY_HANDLE)
    if handle.rsplit(".", 1)[-1] in BLUESKY_BAD_TLDS:
        bad_handle("bluesky")
    return handle


def did_permanent(key: str) -> str | None:
    return key if key.startswith("did:") else None


def bluesky_display(key: str) -> str:
    return key if key.startswith("did:") else f"@{key}"


# --- Flickr: /photos/<name or id>/… and /people/<name or id>/ -----------------------------------
FLICKR_ALIAS = re.compile(r"[A-Za-z0-9_-]{1,64}")
FLICKR_NSID = re.compile(r"([0-9]{1,15})@[Nn]([0-9]{2})")


def parse_flickr(address: Address) -> str:
    if segment("flickr", address).lower() not in ("photos", "people"):
        not_an_account("flickr")  # explore, groups, search, the photo pages of /photo.gne, …
    name = segment("flickr", address, 1)
    nsid = FLICKR_NSID.fullmatch(name)
    if nsid:
        return f"{nsid.group(1)}@N{nsid.group(2)}"  # the permanent id; "N" is upper case
    return valid_name("flickr", name, FLICKR_ALIAS, FLICKR_RESERVED)


def flickr_permanent(key: str) -> str | None:
    return key if "@" in key else None


# --- Vimeo: /name; numbers alone are videos ----------------------------------------------------
VIMEO_NAME = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9_]{2,64}")


def parse_vimeo(address: Address) -> str:
    name = segment("vimeo", address)
    if name.isascii() and name.isdigit():
        post_link("vimeo")  # vimeo.com/123456 is a video
    return valid_name("vimeo", name, VIMEO_NAME, VIMEO_RESERVED)


# --- Pinterest: /name/ and its boards /name/board/ ---------------------------------------------
PINTEREST_NAME = re.compile(r"[A-Za-z0-9_]{3,30}")


def parse_pinterest(address: Address) -> str:
    if segment("pinterest", address).lower() == "pin" and len(address.segments) >= 2:
        post_link("pinterest")  # pinterest.com/pin/<id>/: one pin, its author not in the address
    return valid_name(
        "pinterest", segment("pinterest", address), PINTEREST_NAME, PINTEREST_RESERVED
    )


# --- Telegram: t.me/name, t.me/s/name (web preview), t.me/name/123 (a post) ---------------------
TELEGRAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]")


def parse_telegram(address: Address) -> str:
    index = 1 if segment("telegram", address) == "s" else 0
    name = segment("telegram", address, index)
    if name.startswith("+"):
        not_an_account("telegram")  # t.me/+… is an invitation to a private chat
    return valid_name("telegram", name, TELEGRAM_NAME, TELEGRAM_RESERVED)


def at_display(key: str) -> str:
    return f"@{key}"


# --- WhatsApp: channels only; ids are case-sensitive --------------------------------------------
WHATSAPP_CHANNEL_ID = re.compile(r"[A-Za-z0-9]{20,40}")


def parse_whatsapp(address: Address) -> str:
    if segment("whatsapp", address) != "channel":
        not_an_account("whatsapp")
    channel_id = segment("whatsapp", address, 1)
    return channel_id if WHATSAPP_CHANNEL_ID.fullmatch(channel_id) else bad_handle("whatsapp")


# --- GitHub: users and organisations; anything below /owner/ still names the owner --------------
GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def parse_github(address: Address) -> str:
    index = 1 if segment("github", address).lower() == "orgs" else 0  # /orgs/name/repositories
    return valid_name("github", segment("github", address, index), GITHUB_NAME, GITHUB_RESERVED)


# --- The table -----------------------------------------------------------------------------------
def no_permanent_id(key: str) -> str | None:
    return None


def same_key(key: str) -> str | None:
    return key


@dataclass(frozen=True)
class Platform:
    parse: Callable[[Address], str]  # the key named by an address on one of the platform's hosts
    url: Callable[[str], str]  # the canonical profile URL of a key
    display: Callable[[str], str] = str  # how a person writes the account
    # The platform's permanent id if the key is one (what entries hold as platform_account_id).
    permanent: Callable[[str], str | None] = no_permanent_id


TABLE: dict[str, Platform] = {
    "x": Platform(parse_x, x_url, x_display, x_permanent),
    "facebook": Platform(parse_facebook, facebook_url, permanent=facebook_permanent),
    "instagram": Platform(parse_instagram, "https://www.instagram.com/{}/".format, at_display),
    "linkedin": Platform(parse_linkedin, linkedin_url),
    "youtube": Platform(parse_youtube, youtube_url, permanent=youtube_permanent),
    "tiktok": Platform(parse_tiktok, "https://www.tiktok.com/@{}".format, at_display),
    "mastodon": Platform(fediverse.parse_fediverse_path, fediverse.profile_url, at_display),
    "bluesky": Platform(
        parse_bluesky, "https://bsky.app/profile/{}".format, bluesky_display, did_permanent
    ),
    "threads": Platform(parse_threads, "https://www.threads.com/@{}".format, at_display),
    "flickr": Platform(
        parse_flickr, "https://www.flickr.com/photos/{}/".format, permanent=flickr_permanent
    ),
    "vimeo": Platform(parse_vimeo, "https://vimeo.com/{}".format),
    "pinterest": Platform(parse_pinterest, "https://www.pinterest.com/{}/".format),
    "telegram": Platform(parse_telegram, "https://t.me/{}".format, at_display),
    "whatsapp": Platform(
        parse_whatsapp, "https://www.whatsapp.com/channel/{}".format, permanent=same_key
    ),
    "snapchat": Platform(parse_snapchat, "https://www.snapchat.com/add/{}".format),
    "github": Platform(parse_github, "https://github.com/{}".format),
}
