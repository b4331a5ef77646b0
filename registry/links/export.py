"""The parser's tables as data for the browser extension (``extension/``): hosts, name rules,
reserved words and the look-alike tables, so the extension reads links with the same rules.

``extension/build.py`` writes ``rules.js`` from ``extension_rules()``;
``tests/test_extension_rules.py`` runs the extension's parser on the parser's own test tables
and expects the same keys. Regular
expressions are rewritten for JavaScript's ``u`` flag: Python's ``\\w`` is Unicode (letters and
digits of any script), JavaScript's is ASCII, so it becomes ``[\\p{L}\\p{N}_]``.
"""

from __future__ import annotations

import re

from . import address, fediverse, hosts, lookalike, platforms, reserved

# Python's Unicode word classes and their JavaScript spelling (with the "u" flag).
_WORD_CLASSES = (
    (r"[^\W_]", r"[\p{L}\p{N}]"),
    (r"\w", r"\p{L}\p{N}_"),  # inside a character class; a bare \w is wrapped below
)


def js_pattern(pattern: re.Pattern[str]) -> str:
    """The source of ``pattern`` for JavaScript's RegExp with the "u" flag."""
    source = pattern.pattern
    source = source.replace(*_WORD_CLASSES[0])
    out, in_class, i = [], False, 0
    while i < len(source):
        char = source[i]
        if char == "\\" and source[i + 1 : i + 2] == "w":
            out.append(_WORD_CLASSES[1][1] if in_class else f"[{_WORD_CLASSES[1][1]}]")
            i += 2
            continue
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _patterns(*modules: object) -> dict[str, str]:
    return {
        name.lstrip("_"): js_pattern(value)
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }


def _reserved() -> dict[str, list[str]]:
    return {
        name.removesuffix("_RESERVED").lower(): sorted(value)
        for name, value in vars(reserved).items()
        if name.endswith("_RESERVED")
    }


def _confusables() -> dict[str, str]:
    return {chr(code): value for code, value in lookalike._CONFUSABLE_LETTERS.items()}


def extension_rules() -> dict:
    """Every table the extension's link reader needs, as JSON-ready data."""
    glyphs = {chr(code): chr(value) for code, value in lookalike._LOOKALIKE_GLYPHS.items()}
    return {
        "sites": [
            [domain, site.platform, site.subdomains, site.profiles]
            for domain, site in hosts.SITES.items()
        ],
        "shortLinkHosts": sorted(hosts.SHORT_LINK_HOSTS),
        "notFediverse": sorted(hosts.NOT_FEDIVERSE),
        "privateTlds": sorted(address._PRIVATE_TLDS),
        "dotSegments": sorted(address._DOT_SEGMENTS),
        "maxLength": address.MAX_LENGTH,
        "patterns": _patterns(address, fediverse, platforms),
        "reserved": _reserved(),
        "facebookPosts": sorted(platforms.FACEBOOK_POSTS),
        "instagramPosts": sorted(platforms.INSTAGRAM_POSTS),
        "linkedinKinds": sorted(platforms.LINKEDIN_KINDS),
        "youtubeVideos": sorted(platforms.YOUTUBE_VIDEOS),
        "blueskyBadTlds": sorted(platforms.BLUESKY_BAD_TLDS),
        "brands": dict(lookalike.BRANDS),
        "typoMinLength": lookalike.TYPO_MIN_LENGTH,
        "notImitations": sorted(lookalike.NOT_IMITATIONS),
        "confusables": _confusables(),
        "glyphs": glyphs,
        "pairs": [list(pair) for pair in lookalike._LOOKALIKE_PAIRS],
    }
