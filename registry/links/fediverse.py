"""Fediverse accounts (Mastodon and compatible servers): key ``user@host`` in lower case.

Any public DNS host that no platform in ``hosts.SITES`` owns can be a fediverse server, so this
is the last resort of the dispatch, after known platforms, short links and look-alikes.
"""

from __future__ import annotations

import re

from .address import Address, check_host
from .catalog import bad_handle
from .hosts import find_site
from .lookalike import check_other_host
from .refusals import refuse

# Mastodon's own rule for local names, with room for longer names on other server software.
USER_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?")
# "@user@host", the way people write a fediverse account.
_TEXT_FORM = re.compile(r"@([^@/]+)@([^@/]+)")


def is_text_form(text: str) -> bool:
    return _TEXT_FORM.fullmatch(text) is not None


def parse_text_form(text: str) -> str:
    """The key of "@user@host"."""
    match = _TEXT_FORM.fullmatch(text)
    if match is None:
        refuse("not_a_link")
    return key(match.group(1), match.group(2))


def parse_fediverse_path(address: Address) -> str:
    """The key of ``https://host/@user[/…]``, ``/@user@remote`` or ``/users/user[/…]``."""
    first = address.segments[0] if address.segments else ""
    if first.startswith("@"):
        user, _, remote = first[1:].partition("@")
        return key(user, remote or address.host)  # /@user@remote: a remote account seen here
    if first == "users" and len(address.segments) >= 2:
        return key(address.segments[1], address.host)
    refuse("unknown_host", host=address.host)


def key(user: str, host: str) -> str:
    host = check_host(host)
    if find_site(host) is not None:
        refuse("handle_only")  # "@name@x.com": write the platform's link instead
    check_other_host(host)
    if not USER_NAME.fullmatch(user):
        bad_handle("mastodon")
    return f"{user.lower()}@{host}"


def profile_url(key: str) -> str:
    user, host = key.split("@")
    return f"https://{host}/@{user}"
