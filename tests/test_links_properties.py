"""Properties of the link parser, checked on generated input (hypothesis). No Django needed."""

import contextlib
import re

from hypothesis import example, given
from hypothesis import strategies as st

from registry.links import AccountRef, InvalidAccountURL, parse_account_url
from registry.links import platforms as p
from registry.links.hosts import SITES

from .test_links import SAME_ACCOUNT

ACCEPTED = [text.strip() for _, _, texts in SAME_ACCOUNT for text in texts]
# "@user@host" is not a URL; in a hashbang link (`twitter.com/#!/name`) the fragment is the path.
LINKS = [text for text in ACCEPTED if not text.startswith("@") and "#!" not in text]
TRACKING = [
    "utm_source=newsletter&utm_medium=email&utm_campaign=covid",
    "igshid=MzRlODBiNWFlZA==",
    "s=20",
    "t=AbCdEf123",
    "lang=fr",
    "fbclid=IwAR0AbCdEf",
    "si=AbCdEf",
    "ref=embed_page",
]
URL_CHARS = st.sampled_from(list("abcxyz019-._~:/?#[]@!$&'()*+,;=%\\ \t\u200b\u0430\uff58"))
HOSTS = [*sorted(SITES), "mastodon.social", "t.co", "example.org", "127.0.0.1", "[::1]"]


def _split(text: str) -> tuple[str, str, str, str]:
    """(prefix with scheme and host, path, query, fragment) of a simple accepted link."""
    text, _, fragment = text.partition("#")
    text, _, query = text.partition("?")
    start = text.index("//") + 2 if "//" in text else 0
    slash = text.find("/", start)
    slash = len(text) if slash == -1 else slash
    return text[:slash], text[slash:], query, fragment


def _join(prefix: str, path: str, query: str, fragment: str) -> str:
    return prefix + path + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def _key(text: str) -> tuple[str, str]:
    ref = parse_account_url(text)
    return ref.platform, ref.handle


@given(st.text())
@example("\x00")
@example("https://x.com/" + "\u0000" * 3000)
def test_arbitrary_text_raises_nothing_but_invalid_account_url(text: str) -> None:
    with contextlib.suppress(InvalidAccountURL):
        assert isinstance(parse_account_url(text), AccountRef)


@given(st.text(min_size=2040, max_size=2100))
def test_long_text_raises_nothing_but_invalid_account_url(text: str) -> None:
    with contextlib.suppress(InvalidAccountURL):
        parse_account_url(text)


@given(st.sampled_from(HOSTS), st.text(URL_CHARS, max_size=60), st.sampled_from(["", "https://"]))
def test_url_shaped_text_raises_nothing_but_invalid_account_url(
    host: str, tail: str, scheme: str
) -> None:
    try:
        ref = parse_account_url(f"{scheme}{host}/{tail}")
    except InvalidAccountURL:
        return
    assert parse_account_url(ref.url) == ref


@given(st.sampled_from(ACCEPTED))
def test_canonical_url_parses_back_to_the_same_ref(text: str) -> None:
    ref = parse_account_url(text)
    assert parse_account_url(ref.url) == ref


@given(st.sampled_from(LINKS), st.sampled_from(TRACKING), st.text("abcXYZ-_", max_size=12))
def test_tracking_parameters_and_fragments_never_change_the_key(
    text: str, tracking: str, fragment: str
) -> None:
    prefix, path, query, _ = _split(text)
    tracked = _join(prefix, path, f"{query}&{tracking}" if query else tracking, fragment)
    assert _key(tracked) == _key(text)


@given(st.sampled_from(LINKS), st.randoms(use_true_random=False))
def test_host_case_and_trailing_slash_never_change_the_key(text: str, random) -> None:
    prefix, path, query, fragment = _split(text)
    host_start = prefix.index("//") + 2 if "//" in prefix else 0
    host = "".join(char.upper() if random.random() < 0.5 else char for char in prefix[host_start:])
    slashed = path if path.endswith("/") else path + "/"
    changed = _join(prefix[:host_start] + host, slashed, query, fragment)
    assert _key(changed) == _key(text)


NAME_RULES = [
    ("x", "https://x.com/{}", p.X_NAME, p.X_RESERVED),
    ("instagram", "https://www.instagram.com/{}/", p.INSTAGRAM_NAME, p.INSTAGRAM_RESERVED),
    ("github", "https://github.com/{}", p.GITHUB_NAME, p.GITHUB_RESERVED),
    ("tiktok", "https://www.tiktok.com/@{}", p.TIKTOK_NAME, frozenset()),
    ("telegram", "https://t.me/{}", p.TELEGRAM_NAME, p.TELEGRAM_RESERVED),
    ("pinterest", "https://www.pinterest.com/{}/", p.PINTEREST_NAME, p.PINTEREST_RESERVED),
    ("snapchat", "https://www.snapchat.com/add/{}", p.SNAPCHAT_NAME, frozenset()),
]


@given(st.data(), st.sampled_from(NAME_RULES))
def test_every_name_the_platform_allows_is_accepted_in_lower_case(data, rule) -> None:
    platform, template, pattern, reserved = rule
    name = data.draw(st.from_regex(pattern, fullmatch=True).filter(str.isascii))
    if name.lower() in reserved:
        return
    ref = parse_account_url(template.format(name))
    assert (ref.platform, ref.handle) == (platform, name.lower())
    assert parse_account_url(ref.url) == ref


@given(
    st.from_regex(re.compile(r"[a-z0-9_]{1,30}"), fullmatch=True),
    st.from_regex(
        re.compile(r"(?:[a-z0-9]{1,12}\.){1,3}(?:social|org|eu|fr|lu|net)"), fullmatch=True
    ),
)
def test_fediverse_text_form_and_profile_link_name_the_same_account(user: str, host: str) -> None:
    try:
        by_text = parse_account_url(f"@{user}@{host}")
    except InvalidAccountURL:
        return  # e.g. a generated host that looks like a platform
    assert by_text == parse_account_url(f"https://{host.upper()}/@{user}/")
    assert by_text == parse_account_url(f"https://{host}/users/{user}")
    assert by_text.handle == f"{user}@{host}"
