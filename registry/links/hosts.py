"""Which platform a host belongs to: the table of platform domains and short links.

A host belongs to a platform only if it is one of the platform's domains listed here, or an
allowed subdomain of one; hosts that imitate one are ``lookalike``'s business. Country domains
are listed one by one (never ``pinterest.*``), because a wildcard would hand a platform's name
to whoever registers it under another ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .refusals import refuse


@dataclass(frozen=True)
class Site:
    platform: str
    subdomains: str = ""  # regex of subdomains serving the same pages ("" = the bare domain only)
    profiles: bool = True  # False: the platform's own domain, but no profile pages live here


_WWW = "www"
_COUNTRY = "[a-z]{2}"  # lu.linkedin.com, fr.pinterest.com
# Facebook serves the same pages on its app, mobile, lite and language subdomains (fr-fr.).
_FACEBOOK = "www|m|mobile|web|mbasic|touch|free|[a-z]{2}-[a-z]{2}"
_PINTEREST = Site("pinterest", f"www|{_COUNTRY}")
_PINTEREST_DOMAINS = [
    "pinterest.com",
    "pinterest.at",
    "pinterest.ca",
    "pinterest.ch",
    "pinterest.cl",
    "pinterest.co.kr",
    "pinterest.co.uk",
    "pinterest.com.au",
    "pinterest.com.mx",
    "pinterest.de",
    "pinterest.dk",
    "pinterest.es",
    "pinterest.fr",
    "pinterest.ie",
    "pinterest.it",
    "pinterest.jp",
    "pinterest.nz",
    "pinterest.ph",
    "pinterest.pt",
    "pinterest.se",
]

SITES: dict[str, Site] = {
    "x.com": Site("x", "www|mobile|m"),
    "twitter.com": Site("x", "www|mobile|m"),
    "facebook.com": Site("facebook", _FACEBOOK),
    "fb.com": Site("facebook", _WWW),
    "instagram.com": Site("instagram", "www|m"),
    "instagr.am": Site("instagram", _WWW),
    "linkedin.com": Site("linkedin", f"www|m|{_COUNTRY}"),
    "youtube.com": Site("youtube", "www|m"),
    "tiktok.com": Site("tiktok", "www|m"),
    "bsky.app": Site("bluesky"),
    "bsky.social": Site("bluesky", ".+", profiles=False),  # "name.bsky.social" is a handle
    "threads.com": Site("threads", _WWW),
    "threads.net": Site("threads", _WWW),
    "flickr.com": Site("flickr", "www|m"),
    "vimeo.com": Site("vimeo", _WWW),
    **dict.fromkeys(_PINTEREST_DOMAINS, _PINTEREST),
    "t.me": Site("telegram"),
    "telegram.me": Site("telegram", _WWW),
    "telegram.dog": Site("telegram", _WWW),
    "telegram.org": Site("telegram", ".+", profiles=False),
    "whatsapp.com": Site("whatsapp", _WWW),
    "wa.me": Site("whatsapp", profiles=False),  # a chat with a phone number
    "snapchat.com": Site("snapchat", _WWW),
    "github.com": Site("github", _WWW),
}

# Hosts whose links only redirect elsewhere: the registry never fetches, so it cannot follow them.
SHORT_LINK_HOSTS = frozenset(
    {
        "aka.ms",
        "app.goo.gl",
        "bit.ly",
        "bitly.com",
        "bl.ink",
        "buff.ly",
        "cutt.ly",
        "dlvr.it",
        "fb.me",
        "fb.watch",
        "flic.kr",
        "g.co",
        "goo.gl",
        "ift.tt",
        "is.gd",
        "l.facebook.com",
        "l.instagram.com",
        "lc.cx",
        "lm.facebook.com",
        "lnkd.in",
        "on.fb.me",
        "ow.ly",
        "pin.it",
        "rb.gy",
        "rebrand.ly",
        "s.id",
        "shorturl.at",
        "snip.ly",
        "t.co",
        "t.ly",
        "tiny.cc",
        "tinyurl.com",
        "trib.al",
        "urlz.fr",
        "v.gd",
        "vm.tiktok.com",
        "vt.tiktok.com",
        "wp.me",
        "x.gd",
    }
)

# Big sites that use "/@name" paths but are not fediverse servers (Medium, Substack, …).
NOT_FEDIVERSE = frozenset(
    {
        "amazon.com",
        "apple.com",
        "behance.net",
        "dailymotion.com",
        "discord.com",
        "discord.gg",
        "dribbble.com",
        "google.com",
        "kick.com",
        "line.me",
        "linktr.ee",
        "m.me",
        "medium.com",
        "messenger.com",
        "microsoft.com",
        "ok.ru",
        "patreon.com",
        "quora.com",
        "reddit.com",
        "rumble.com",
        "signal.me",
        "soundcloud.com",
        "spotify.com",
        "substack.com",
        "tumblr.com",
        "twitch.tv",
        "vk.com",
        "vsco.co",
        "weibo.com",
        "wikipedia.org",
    }
)


def find_site(host: str) -> Site | None:
    """The platform site serving ``host``; None for hosts no platform in the table owns."""
    if is_under(host, SHORT_LINK_HOSTS):
        refuse("short_link")
    if host == "youtu.be":
        refuse("video_link", example="https://www.youtube.com/@name")
    for domain, site in SITES.items():
        if host == domain:
            return site
        if host.endswith("." + domain):
            subdomain = host.removesuffix("." + domain)
            allowed = site.profiles and re.fullmatch(site.subdomains, subdomain)
            return site if allowed else Site(site.platform, profiles=False)
    return None


def is_under(host: str, domains: frozenset[str]) -> bool:
    """True if ``host`` is one of ``domains`` or a subdomain of one."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))
