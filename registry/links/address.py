"""Split pasted text into a web address, refusing everything that is not a plain public link.

Deliberately stricter than ``urllib.parse``: browsers and urllib disagree on backslashes, dot
segments and user info, and each disagreement is a way to make a link look like it goes
somewhere it does not. Anything ambiguous is refused rather than guessed.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .lookalike import refuse_if_imitation
from .refusals import refuse

MAX_LENGTH = 2048

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_PORT_AFTER_COLON = re.compile(r"[0-9]+(?:[/?#]|$)")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,63}")
# Names that never resolve on the public internet, so no public account lives there.
_PRIVATE_TLDS = frozenset(
    {"alt", "arpa", "corp", "example", "home", "internal", "intranet", "invalid", "lan"}
    | {"local", "localdomain", "localhost", "onion", "test"}
)
# Browsers resolve these segments (also percent-encoded) before asking the server, so
# "x.com/gouvlu/../impostor" shows the impostor: refuse them instead of reading "gouvlu".
_DOT_SEGMENTS = frozenset({".", "..", "%2e", "%2e%2e", ".%2e", "%2e."})


@dataclass(frozen=True)
class Address:
    host: str  # lower-case ASCII DNS name, without a trailing dot
    segments: tuple[str, ...]  # non-empty path segments, as written
    query: str

    def query_values(self, name: str) -> list[str]:
        return [
            value for key, value in parse_qsl(self.query, keep_blank_values=True) if key == name
        ]


def clean_text(text: object) -> str:
    """Strip surrounding whitespace and refuse text that cannot be a link at all."""
    if not isinstance(text, str):
        refuse("not_a_link")
    text = text.strip()
    if not text:
        refuse("blank")
    if len(text) > MAX_LENGTH:
        refuse("too_long", limit=str(MAX_LENGTH))
    if any(unicodedata.category(char).startswith("C") for char in text):
        refuse("control_chars")
    if any(char.isspace() or char == "\\" for char in text):
        refuse("not_a_link")
    return text


def split_address(text: str) -> Address:
    """Parse cleaned text (see ``clean_text``) into host, path segments and query."""
    rest, default_ports = _strip_scheme(text)
    end = len(rest)
    for stop in "/?#":
        if stop in rest:
            end = min(end, rest.index(stop))
    authority, tail = rest[:end], rest[end:]
    host = _check_authority(authority, default_ports)
    tail, _, fragment = tail.partition("#")
    path, _, query = tail.partition("?")
    if not path.strip("/") and not query and fragment.startswith("!/"):
        # A link of the "hashbang" years (`twitter.com/#!/name`): the page shown is the one
        # the fragment names, so it is read as the path (and checked as one, below).
        path, _, query = fragment[1:].partition("?")
    segments = tuple(segment for segment in path.split("/") if segment)
    if any(segment.lower() in _DOT_SEGMENTS for segment in segments):
        refuse("not_a_link")
    return Address(host=host, segments=segments, query=query)


def _strip_scheme(text: str) -> tuple[str, frozenset[str]]:
    """Return the text after ``scheme://`` and the ports that scheme uses by default."""
    if text.startswith("//"):
        return text[2:], frozenset({"80", "443"})
    match = _SCHEME.match(text)
    if match is None or _PORT_AFTER_COLON.match(text, match.end()):
        if "@" in text and "/" not in text:
            refuse("handle_only")  # "name@server" or an e-mail address, not a link
        return text, frozenset({"80", "443"})  # no scheme, or "host:port"
    scheme, rest = match.group(1).lower(), text[match.end() :]
    if scheme not in ("http", "https"):
        refuse("scheme")
    if not rest.startswith("//"):
        refuse("not_a_link")
    # "https:///x.com/…": browsers skip any slashes after the scheme's two (WHATWG URL), and so
    # did the person who typed one too many; the host is what follows them.
    return rest.lstrip("/"), frozenset({"80" if scheme == "http" else "443"})


def _check_authority(authority: str, default_ports: frozenset[str]) -> str:
    if "@" in authority:
        refuse("userinfo")
    if authority.startswith("["):
        refuse("ip_host")
    host, colon, port = authority.partition(":")
    if ":" in port:
        refuse("ip_host")  # an IPv6 address without brackets
    if colon and port and (not _is_digits(port) or str(int(port)) not in default_ports):
        refuse("port")
    return check_host(host)


def check_host(host: str) -> str:
    """Return the host in lower case if it is a plausible public DNS name; refuse otherwise.

    A host refused for its letters or its ending is first checked for imitating a platform
    ("twitter.com.evil.example", "fаcebook.com"): that warning says more than the refusal."""
    if not host.isascii():
        refuse_if_imitation(host)
        refuse("non_ascii_host")
    host = host.lower().removesuffix(".")
    labels = host.split(".")
    if _is_ip(host) or labels[-1][:1].isdigit():
        refuse("ip_host")  # TLDs never start with a digit; browsers read "127.1" as an IP
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        refuse("not_a_link")
    if any(label.startswith("xn--") for label in labels):
        refuse_if_imitation(host)
        refuse("non_ascii_host")
    if len(labels) < 2:
        refuse("not_a_link")
    if not _TLD.fullmatch(labels[-1]) or labels[-1] in _PRIVATE_TLDS:
        refuse_if_imitation(host)
        refuse("unknown_host", host=host)
    return host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5
