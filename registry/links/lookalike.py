"""The look-alike detector: does a host that no platform owns imitate one of them?

A host imitates a platform when, read the way a hurried eye reads it, it shows the platform:

- a platform's domain among its labels (``twitter.com.evil.example``, ``t.me.example.org``);
- a platform's name inside a label (``facebook-login.net``, ``youtube.lu.example.net``);
- the same once letters that look alike are folded together: digits for letters (``faceb00k``),
  ``l`` for ``i`` (``twltter``), ``rn`` for ``m``, Cyrillic and Greek letters that look Latin
  (``fаcebook`` with a Cyrillic ``а``), accents and full-width forms, punycode (``xn--…``);
- one typing slip away from a platform's name of six letters or more, first letter kept
  (``facebok``, ``youtbe``, ``instagarm``).

"x" and "threads" are ordinary words inside names, so only their domains count. Hosts the
platforms themselves own are never asked: ``find_site`` answers for them first.
"""

from __future__ import annotations

import unicodedata

from .catalog import PLATFORMS
from .hosts import NOT_FEDIVERSE, SITES, is_under
from .refusals import refuse

# A platform's name as people see it in an address -> the platform's slug.
BRANDS: dict[str, str] = {
    "facebook": "facebook",
    "instagram": "instagram",
    "twitter": "x",
    "youtube": "youtube",
    "tiktok": "tiktok",
    "linkedin": "linkedin",
    "pinterest": "pinterest",
    "whatsapp": "whatsapp",
    "telegram": "telegram",
    "snapchat": "snapchat",
    "github": "github",
    "flickr": "flickr",
    "vimeo": "vimeo",
    "bluesky": "bluesky",
    "bsky": "bluesky",
}
# Names shorter than this are too close to ordinary words to count a typing slip as imitation.
TYPO_MIN_LENGTH = 6
# Real sites one slip away from a platform's name ("telegra.ph" is Telegram's own Telegraph).
NOT_IMITATIONS = frozenset({"telegra.ph"})

# Letters of other scripts that look like Latin ones (a subset of Unicode's confusables list:
# the ones that fit a platform's name).
_CONFUSABLE_LETTERS = str.maketrans(
    {
        **dict.fromkeys("аɑα", "a"),
        **dict.fromkeys("ьвβ", "b"),
        "с": "c",
        "ԁ": "d",
        **dict.fromkeys("еёε", "e"),
        "ɡ": "g",
        "һ": "h",
        **dict.fromkeys("іїıι", "i"),
        "ј": "j",
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("ӏʟ", "l"),
        "м": "m",
        "ո": "n",
        **dict.fromkeys("оο", "o"),
        **dict.fromkeys("рρ", "p"),
        "ԛ": "q",
        "ѕ": "s",
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("սυ", "u"),
        "ν": "v",
        **dict.fromkeys("ԝω", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уү", "y"),
    }
)
# Digits and letter pairs that pass for letters; "i" and "l" fold to one letter.
_LOOKALIKE_GLYPHS = str.maketrans("01!|3457896", "ollleastbgb")
_LOOKALIKE_PAIRS = (("rn", "m"), ("vv", "w"), ("i", "l"))


def imitated_platform(host: str) -> str | None:
    """The slug of the platform ``host`` imitates, or None. ``host`` is as written (any case,
    non-ASCII or punycode), and is not one of the platforms' own hosts."""
    readable = readable_host(host)
    if readable in NOT_IMITATIONS:
        return None
    padded = f".{readable}."
    for domain, site in SITES.items():
        if f".{domain}." in padded:
            return site.platform
    labels = readable.split(".")
    parts = [part for label in labels[:-1] for part in (label, *label.split("-"))]
    for part in parts:
        if slug := _brand_in(skeleton(part.replace("-", ""))):
            return slug
    return None


def refuse_if_imitation(host: str) -> None:
    """Refuse ``host`` with a warning naming the platform it imitates, if it imitates one."""
    slug = imitated_platform(host)
    if slug is not None:
        refuse("lookalike", platform=PLATFORMS[slug], host=shown_host(host), imitates=slug)


def check_other_host(host: str) -> None:
    """Refuse an unknown host that imitates a platform or is a big non-fediverse site."""
    refuse_if_imitation(host)
    if is_under(host, NOT_FEDIVERSE):
        refuse("unknown_host", host=host)


def readable_host(host: str) -> str:
    """The host as an eye reads it: punycode decoded, accents and width dropped, other scripts'
    look-alike letters in Latin, lower case."""
    labels = [_decoded_label(label) for label in host.lower().removesuffix(".").split(".")]
    text = unicodedata.normalize("NFKD", ".".join(labels))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.lower().translate(_CONFUSABLE_LETTERS)


def skeleton(text: str) -> str:
    """Fold characters that pass for one another to one form ("faceb00k" -> "facebook")."""
    text = text.translate(_LOOKALIKE_GLYPHS)
    for pair, single in _LOOKALIKE_PAIRS:
        text = text.replace(pair, single)
    return text


def shown_host(host: str) -> str:
    """The host in plain ASCII for a message: punycode shows what the letters hide."""
    try:
        return host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return host.lower().encode("ascii", "backslashreplace").decode("ascii")


_BRAND_SKELETONS = {skeleton(name): slug for name, slug in BRANDS.items()}


def _brand_in(part: str) -> str | None:
    for name, slug in _BRAND_SKELETONS.items():
        if name in part:
            return slug
        if len(name) >= TYPO_MIN_LENGTH and part[:1] == name[:1] and _one_slip(part, name):
            return slug
    return None


def _one_slip(text: str, name: str) -> bool:
    """True if ``text`` is ``name`` with one letter changed, added, dropped or two swapped."""
    if len(text) == len(name):
        diffs = [i for i, (a, b) in enumerate(zip(text, name, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first = diffs[0] if len(diffs) == 2 and diffs[1] == diffs[0] + 1 else None
        return first is not None and text[first : first + 2] == name[first : first + 2][::-1]
    if abs(len(text) - len(name)) != 1:
        return False
    shorter, longer = sorted((text, name), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _decoded_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label
