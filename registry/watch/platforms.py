"""Platform adapters: for a handle or a permanent id, what the platform says about the account.

Each adapter answers `by_handle(handle)` and, where the platform has a public lookup by id,
`by_id(account_id)`, with a `Seen`: exists or not, the permanent id, the current handle, the
display name and the profile text. Every request goes through the one safe fetcher; the base
address of each platform comes from `settings.WATCH_BASE_URLS`. A failure raises `FetchError`.

Handles are the link parser's canonical keys (registry/links): "name.bsky.social",
"user@host", "@name" for YouTube, "name" for GitHub, Telegram and X.
"""

import html
import re
from dataclasses import asdict, dataclass
from urllib.parse import quote

from django.conf import settings

from accounts.text import scrub
from registry.watch.fetch import FetchError, fetch

# What a platform says is hostile input: each text is cut to these many characters and cleaned
# by the registry's own text rule (accounts.text) before anything stores or shows it.
LIMITS = {"account_id": 200, "handle": 255, "display_name": 200, "text": 2000, "link": 500}
MAX_LINKS = 10


@dataclass(frozen=True)
class Seen:
    """What a platform said about one account, bounded and cleaned on the way in (whoever builds
    it: an adapter, the push stream, the demo), so no NUL, lone surrogate, bidirectional override
    or megabyte of text reaches the database, a page or a mail."""

    exists: bool
    account_id: str = ""
    handle: str = ""
    display_name: str = ""
    text: str = ""  # the profile text (bio, description), as plain text
    # The profile's links that the platform itself shows as verified (Mastodon's rel="me").
    verified_links: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("account_id", "handle", "display_name"):
            object.__setattr__(self, name, _clean(getattr(self, name), limit=LIMITS[name]))
        object.__setattr__(self, "text", _clean(self.text, limit=LIMITS["text"], multiline=True))
        links = tuple(_clean(link, limit=LIMITS["link"]) for link in self.verified_links)
        kept = tuple(link for link in links if link)[:MAX_LINKS]
        object.__setattr__(self, "verified_links", kept)

    def as_dict(self) -> dict:
        return asdict(self)


def _clean(value, *, limit: int, multiline: bool = False) -> str:
    return scrub(value if isinstance(value, str) else "", multiline=multiline, limit=limit)


GONE = Seen(exists=False)


def _base(platform: str, **parts) -> str:
    return settings.WATCH_BASE_URLS[platform].format(**parts).rstrip("/")


def _plain(markup: str) -> str:
    """Text of a small piece of HTML (a Mastodon note, a meta tag's content)."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", markup or "", flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _field(data: dict, name: str) -> str:
    value = data.get(name)
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _object(answer) -> dict:
    data = answer.json()
    if not isinstance(data, dict):
        raise FetchError("bad_answer", "JSON that is not an object")
    return data


class Bluesky:
    slug = "bluesky"

    def by_handle(self, handle: str) -> Seen:
        answer = fetch(
            f"{_base(self.slug)}/xrpc/com.atproto.identity.resolveHandle?handle={quote(handle)}"
        )
        if answer.status == 400:
            return GONE  # "Unable to resolve handle"
        did = _field(_object(answer), "did") if answer.status == 200 else ""
        if not did:
            raise FetchError("bad_answer", f"resolveHandle answered {answer.status}")
        return self.by_id(did)

    def by_id(self, account_id: str) -> Seen:
        answer = fetch(
            f"{_base(self.slug)}/xrpc/app.bsky.actor.getProfile?actor={quote(account_id)}"
        )
        if answer.status == 400:
            return GONE  # "Profile not found", or an account taken down
        data = _object(answer) if answer.status == 200 else {}
        if not _field(data, "did"):
            raise FetchError("bad_answer", f"getProfile answered {answer.status}")
        if _field(data, "handle").lower() == "handle.invalid":
            # the handle could not be verified this time (its DNS or well-known check failed):
            # no evidence of a new handle
            raise FetchError("bad_answer", "the handle does not verify (handle.invalid)")
        return Seen(
            exists=True,
            account_id=data["did"],
            handle=_field(data, "handle").lower(),
            display_name=_field(data, "displayName"),
            text=_field(data, "description"),
        )


class Mastodon:
    """Any fediverse server speaking Mastodon's API; ids are the server's own account ids."""

    slug = "mastodon"

    def _account(self, host: str, path: str) -> Seen:
        answer = fetch(f"{_base(self.slug, host=host)}{path}")
        if answer.status in (404, 410):
            return GONE
        data = _object(answer) if answer.status == 200 else {}
        if not _field(data, "id"):
            raise FetchError("bad_answer", f"the server answered {answer.status}")
        if data.get("suspended") is True:
            return GONE  # suspended by its server: shown as an empty profile, it is not there
        acct = _field(data, "acct").lower()
        return Seen(
            exists=True,
            account_id=f"{data['id']}@{host}",
            handle=acct if "@" in acct else f"{acct}@{host}",
            display_name=_field(data, "display_name"),
            text=_plain(_field(data, "note")),
            verified_links=_verified_links(data.get("fields")),
        )

    def by_handle(self, handle: str) -> Seen:
        user, _at, host = handle.partition("@")
        return self._account(host, f"/api/v1/accounts/lookup?acct={quote(user)}")

    def by_id(self, account_id: str) -> Seen:
        number, _at, host = account_id.partition("@")
        return self._account(host, f"/api/v1/accounts/{quote(number)}")


def _verified_links(fields) -> tuple[str, ...]:
    """The addresses of a Mastodon profile's metadata fields that carry `verified_at`."""
    if not isinstance(fields, list):
        return ()
    found = []
    for field in fields:
        if isinstance(field, dict) and field.get("verified_at"):
            value = str(field.get("value") or "")
            href = re.search(r'href="([^"]+)"', value)
            found.append(html.unescape(href.group(1)) if href else _plain(value))
    return tuple(found)


class GitHub:
    slug = "github"

    def _user(self, path: str) -> Seen:
        answer = fetch(f"{_base(self.slug)}{path}", accept="application/vnd.github+json")
        if answer.status == 404:
            return GONE
        data = _object(answer) if answer.status == 200 else {}
        if not _field(data, "id"):
            raise FetchError("bad_answer", f"GitHub answered {answer.status}")
        return Seen(
            exists=True,
            account_id=_field(data, "id"),
            handle=_field(data, "login").lower(),
            display_name=_field(data, "name"),
            text=_field(data, "bio"),
        )

    def by_handle(self, handle: str) -> Seen:
        return self._user(f"/users/{quote(handle)}")

    def by_id(self, account_id: str) -> Seen:
        return self._user(f"/user/{quote(account_id)}")


def _meta(page: str, name: str) -> str:
    """The content of <meta property|name|itemprop="name" content="…">, unescaped."""
    pattern = (
        r"<meta\s+(?:property|name|itemprop)=\"" + re.escape(name) + r"\"\s+content=\"([^\"]*)\""
    )
    found = re.search(pattern, page, flags=re.I)
    return html.unescape(found.group(1)).strip() if found else ""


CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")


class YouTube:
    """The @handle page names its channel id; the channel's public feed answers for an id."""

    slug = "youtube"

    def by_handle(self, handle: str) -> Seen:
        if CHANNEL_ID.fullmatch(handle):
            return self.by_id(handle)
        answer = fetch(f"{_base(self.slug)}/{quote(handle)}", accept="text/html")
        if answer.status == 404:
            return GONE
        page = answer.text if answer.status == 200 else ""
        canonical = re.search(r"<link\s+rel=\"canonical\"\s+href=\"[^\"]*/channel/([^\"/?]+)", page)
        if not canonical or not CHANNEL_ID.fullmatch(canonical.group(1)):
            raise FetchError("bad_answer", f"no canonical channel id ({answer.status})")
        return Seen(
            exists=True,
            account_id=canonical.group(1),
            handle=handle.lower(),
            display_name=_meta(page, "og:title"),
            text=_meta(page, "og:description"),
        )

    def by_id(self, account_id: str) -> Seen:
        answer = fetch(
            f"{_base(self.slug)}/feeds/videos.xml?channel_id={quote(account_id)}",
            accept="application/atom+xml",
        )
        if answer.status == 404:
            return GONE
        feed = answer.text if answer.status == 200 else ""
        channel = re.search(r"<yt:channelId>([^<]+)</yt:channelId>", feed)
        if not channel:
            raise FetchError("bad_answer", f"not a channel feed ({answer.status})")
        name = re.search(r"<author>\s*<name>([^<]*)</name>", feed)
        # The feed does not give the @handle: the current handle stays unknown ("").
        return Seen(
            exists=True,
            account_id=channel.group(1).strip(),
            display_name=html.unescape(name.group(1)).strip() if name else "",
        )


TGME_PAGE = re.compile(r"class=\"tgme_page[\s_\"]")


class Telegram:
    """t.me's public preview; Telegram shows no permanent id there."""

    slug = "telegram"
    by_id = None

    def by_handle(self, handle: str) -> Seen:
        answer = fetch(f"{_base(self.slug)}/{quote(handle)}", accept="text/html")
        if answer.status == 404:
            return GONE
        page = answer.text if answer.status == 200 else ""
        if "<html" not in page[:2000].lower() or not TGME_PAGE.search(page):
            # a maintenance, captcha or consent page is no answer about the channel
            raise FetchError("bad_answer", f"not a preview page ({answer.status})")
        title = re.search(r"class=\"tgme_page_title\"[^>]*>(.*?)</div>", page, flags=re.S)
        if not title:
            return GONE  # t.me answers every name; an unknown one has no title block
        about = re.search(r"class=\"tgme_page_description\"[^>]*>(.*?)</div>", page, flags=re.S)
        return Seen(
            exists=True,
            handle=handle.lower(),
            display_name=_plain(title.group(1)),
            text=_plain(about.group(1)) if about else "",
        )


class X:
    """X's users lookup (API v2): needs WATCH_X_BEARER_TOKEN, off without one."""

    slug = "x"

    def _user(self, path: str) -> Seen:
        answer = fetch(
            f"{_base(self.slug)}{path}?user.fields=description",
            headers={"Authorization": f"Bearer {settings.WATCH_X_BEARER_TOKEN}"},
        )
        if answer.status == 404:
            return GONE
        body = _object(answer)
        data = body.get("data")
        if answer.status == 200 and not data and body.get("errors"):
            return GONE  # X answers 200 with "errors" for an unknown or suspended user
        if answer.status != 200 or not isinstance(data, dict) or not _field(data, "id"):
            raise FetchError("bad_answer", f"X answered {answer.status}")
        return Seen(
            exists=True,
            account_id=_field(data, "id"),
            handle=_field(data, "username").lower(),
            display_name=_field(data, "name"),
            text=_field(data, "description"),
        )

    def by_handle(self, handle: str) -> Seen:
        return self._user(f"/2/users/by/username/{quote(handle)}")

    def by_id(self, account_id: str) -> Seen:
        return self._user(f"/2/users/{quote(account_id)}")


ADAPTERS = {a.slug: a for a in (Bluesky(), Mastodon(), YouTube(), GitHub(), Telegram(), X())}
# Platforms whose profiles need credentials the registry does not have.
NEEDS_CREDENTIALS = ("x", "facebook", "instagram", "linkedin", "tiktok", "threads")


def adapter_for(platform: str):
    """The adapter watching `platform`, or None when it is not watched."""
    if platform == "x" and not settings.WATCH_X_BEARER_TOKEN:
        return None
    return ADAPTERS.get(platform)


def watched_platforms() -> list[str]:
    return [slug for slug in ADAPTERS if adapter_for(slug) is not None]
