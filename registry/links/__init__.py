"""The link parser: any link a person pastes -> the one account it names, or a clear refusal.

Standard library only, so it runs and is tested without Django. Two links name the same
account exactly when their ``(platform, handle)`` are equal, and ``parse_account_url(ref.url)
== ref`` for every result.

Canonical keys (``AccountRef.handle``)::

    x          gouvlu | id:783214        lower case (X names ignore case); the permanent user
                                         number (x.com/i/user/783214) as "id:<number>"
    facebook   gouvlu | 100064123456789  vanity name in lower case without dots (Facebook
                                         ignores both); numeric pages by their number, also
                                         from old page links facebook.com/Page-Name-<number>
    instagram  gouvlu                    lower case
    linkedin   company/acme              the kind (company, showcase, school, in) is part of it;
                                         accented letters decoded (NFC), lower case
    youtube    @gouvlu | UCxxxxxxxxxx…   @handle in lower case (any language's letters); channel
               user/gouvlu | c/gouvlu    id as written; legacy user names and custom addresses
                                         (youtube.com/<name> is c/<name>) in lower case
    tiktok     gouvlu                    lower case
    mastodon   gouvlu@social.example     user@host, lower case
    bluesky    gouvlu.bsky.social        handle in lower case; or did:plc:… as written
    threads    gouvlu                    lower case (Instagram names)
    flickr     gouvlu | 12345678@N02     alias in lower case; NSID with upper-case N
    vimeo      gouvlu                    lower case
    pinterest  gouvlu                    lower case
    telegram   gouvlu                    lower case
    whatsapp   0029VaXXXXXXXXXXXXXXXX    channel id as written (case matters)
    snapchat   gouvlu                    lower case
    github     gouvlu                    lower case (users and organisations)

Decisions:

- An @handle and a channel id on YouTube, a vanity name and a page number on Facebook, a
  Bluesky handle and its DID, a Flickr alias and its NSID: each pair may be one account, but
  nothing offline proves it, so they are different keys. Reviewers record the permanent id.
- YouTube's legacy ``/user/name``, ``/c/name`` and bare ``/name`` links are accepted as keys of
  their own (governments still publish them). Several keys naming one account are tied together
  by the registry's entry aliases, never guessed here; ``permanent_id`` says which keys are a
  platform's permanent id (what an entry holds as ``platform_account_id``).
- Names are read with percent-escapes decoded (UTF-8) and composed (NFC); compatibility forms
  (full-width letters, ligatures) are refused. Platforms whose names are ASCII refuse the rest.
- Facebook folds dots and case because its help centre says usernames differing only in dots
  or capitals are the same username; Instagram and TikTok do not fold dots (they are real
  characters there).
- LinkedIn ``in/name`` (a person's profile) is accepted, for ministers' accounts; whether a
  personal profile may be registered is the reviewers' call, not the parser's.
- The registry never fetches anything: short links are refused with a request to open them
  and paste where they lead.
- Hosts: a platform owns only the domains and subdomains in ``hosts.SITES``. Any other public
  DNS name with ``/@user`` or ``/users/user`` is a fediverse server, unless it carries a
  platform's name (a look-alike) or is a big non-fediverse site (``hosts.NOT_FEDIVERSE``).
- Punycode and non-ASCII hosts are refused, even for the fediverse: they are the classic
  look-alike, and government accounts do not need them.
- A host that imitates a platform (its domain or name inside another host, confusable letters,
  punycode, one typing slip: see ``lookalike``) is refused with code ``lookalike``, naming the
  platform (``params["imitates"]`` is its slug), so pages can warn instead of just refusing.
- Refusals carry ``code`` (blank, too_long, control_chars, not_a_link, handle_only, scheme,
  userinfo, port, ip_host, non_ascii_host, lookalike, unknown_host, short_link, video_link,
  post_link, not_an_account, bad_handle), ``message`` and ``params``; a form shows
  ``exc.render(gettext)``.
- A post link names the account in its path, but some platforms (X among them) show a post
  under any name in the path: the result says which account a link names, never who wrote a post.
  Post links whose address holds no account (Instagram /p/ and /reel/, LinkedIn posts, X
  /i/web/status/, Facebook permalinks, …) are refused with code ``post_link``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fediverse
from .address import clean_text, split_address
from .catalog import PLATFORMS, bad_handle, not_an_account
from .hosts import find_site
from .lookalike import check_other_host
from .platforms import TABLE
from .refusals import InvalidAccountURL

__all__ = [
    "PLATFORMS",
    "AccountRef",
    "InvalidAccountURL",
    "account_ref",
    "display_handle",
    "looks_like_a_link",
    "parse_account_url",
    "permanent_id",
]


@dataclass(frozen=True)
class AccountRef:
    platform: str  # a slug of PLATFORMS
    handle: str  # the canonical key on that platform
    url: str  # the canonical profile URL, https


def looks_like_a_link(text: str) -> bool:
    """Whether a search box's text is a pasted link rather than words: one piece, with a scheme
    (`https://…`) or a host and a path (`x.com/gouvlu`, `www.facebook.com/…`). A fediverse
    address (`@name@host`) is one too. Words, a handle alone or a domain alone are not."""
    text = text.strip()
    if not text or any(ch.isspace() for ch in text):
        return False
    if "://" in text or fediverse.is_text_form(text):
        return True
    host, slash, _ = text.partition("/")
    return bool(slash) and "." in host.strip(".")


def parse_account_url(text: str) -> AccountRef:
    """The account a pasted link names; raises InvalidAccountURL with a message otherwise."""
    text = clean_text(text)
    if fediverse.is_text_form(text):
        return _ref("mastodon", fediverse.parse_text_form(text))
    address = split_address(text)
    site = find_site(address.host)
    if site is None:
        check_other_host(address.host)
        return _ref("mastodon", fediverse.parse_fediverse_path(address))
    if not site.profiles:
        not_an_account(site.platform)
    return _ref(site.platform, TABLE[site.platform].parse(address))


def display_handle(ref_or_platform: AccountRef | str, handle: str | None = None) -> str:
    """How a person writes the account: "@gouvlu", "@user@host", "company/acme", …"""
    if isinstance(ref_or_platform, AccountRef):
        platform, handle = ref_or_platform.platform, ref_or_platform.handle
    else:
        platform = ref_or_platform
    if handle is None:
        raise TypeError("display_handle() needs a handle with a platform slug")
    return TABLE[platform].display(handle)


def account_ref(platform: str, key: str) -> AccountRef:
    """The ref of a canonical key (as ``parse_account_url`` returns it); refuses anything else."""
    if platform not in TABLE:
        raise InvalidAccountURL("not_a_link")
    try:
        ref = parse_account_url(TABLE[platform].url(key))
    except (InvalidAccountURL, ValueError):
        ref = None
    if ref is None or (ref.platform, ref.handle) != (platform, key):
        bad_handle(platform)
    return ref


def permanent_id(platform: str, key: str) -> str | None:
    """The platform's permanent id if ``key`` is one ("UC…", a page number, a DID, an X user
    number), as entries hold it in ``platform_account_id``; None for names that can change."""
    return TABLE[platform].permanent(key) if platform in TABLE else None


def _ref(platform: str, handle: str) -> AccountRef:
    return AccountRef(platform=platform, handle=handle, url=TABLE[platform].url(handle))
