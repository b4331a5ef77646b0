"""No page speaks two languages (issue 18, requirement 13): a text shown on a page in one
language must not be the translation of an interface string into another of our languages.

Every msgid of locale/ has a Luxembourgish, a French, a German and an English text (Django's
own lb catalogue lacks most of its strings: ours supplies those our pages show). A text node of
a page in language L that is exactly M's text of some msgid (M ≠ L), where L's text of that
msgid differs, is a word of the wrong language: an untranslated label, a choice built in another
language at import time, a name stored in one language only.
"""

import functools
import gettext
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import django.conf
import django.contrib.admin
import django.contrib.auth
import django_filters
import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Status

LANGUAGES = ("lb", "fr", "de", "en")
LOCALE = Path(__file__).resolve().parents[1] / "locale"


# The catalogues a page's words come from: ours, and those of the libraries that render text.
CATALOGUES = (LOCALE, *(Path(module.__file__).parent / "locale" for module in (
    django.conf, django.contrib.admin, django.contrib.auth, django_filters)))  # fmt: skip
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]*\}")


def _compiled(folder: Path, language: str) -> dict:
    path = folder / language / "LC_MESSAGES" / "django.mo"
    if not path.exists():
        return {}
    with open(path, "rb") as file:
        return gettext.GNUTranslations(file)._catalog  # msgid -> msgstr, as Django reads it


def _words(text: str) -> str:
    return " ".join(text.split())


def _lower_words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)}


@dataclass
class Texts:
    """One language's texts: exact ones, and patterns for those with placeholders."""

    exact: set[str] = field(default_factory=set)
    patterns: list[tuple[re.Pattern, set[str]]] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        text = _words(text)
        self.vocabulary |= _lower_words(PLACEHOLDER.sub(" ", text))
        if not PLACEHOLDER.search(text):
            self.exact |= {text, text[:1].upper() + text[1:]}  # as capfirst shows a label
        elif words := _lower_words(PLACEHOLDER.sub(" ", text)):
            parts = [re.escape(part) for part in PLACEHOLDER.split(text)]
            self.patterns.append((re.compile(".+".join(parts)), words))

    def __contains__(self, node: str) -> bool:
        return node in self.exact or any(p.fullmatch(node) for p, _words in self.patterns)

    def foreign_to(self, own: "Texts", node: str) -> bool:
        """Is `node` one of these texts and none of `own`'s? A text with placeholders counts
        only when one of its own words is not a word of `own` ("{} administration" is French
        too; "{} (descending)" is not)."""
        if node in own:
            return False
        if node in self.exact:
            return True
        return any(
            pattern.fullmatch(node) and words - own.vocabulary for pattern, words in self.patterns
        )


@functools.cache
def interface_texts() -> dict[str, Texts]:
    """Each language's texts; English is the msgids (the source language of every catalogue)."""
    texts = {language: Texts() for language in LANGUAGES}
    for folder in CATALOGUES:
        for language in ("lb", "fr", "de"):
            for msgid, msgstr in _compiled(folder, language).items():
                if not msgid or not msgstr:
                    continue
                texts[language].add(msgstr)
                texts["en"].add(msgid[0] if isinstance(msgid, tuple) else msgid)
    return texts


class TextNodes(HTMLParser):
    """The texts a person reads or hears (text nodes and alt, title, aria-label, placeholder),
    leaving out code shown as code and anything marked as another language (`lang="de"`)."""

    SKIP = {"script", "style", "textarea", "code", "pre"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.texts: list[str] = []
        self._open: list[bool] = []  # for each open element: is its content left out?

    def _skipping(self) -> bool:
        return bool(self._open) and self._open[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or self.language).split("-")[0]
        skipped = self._skipping() or tag in self.SKIP or lang != self.language
        if not skipped:
            for name in ("alt", "title", "aria-label", "placeholder"):
                if attrs.get(name):
                    self.texts.append(" ".join(attrs[name].split()))
        if tag not in self.VOID:
            self._open.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.texts.append(" ".join(data.split()))


def foreign_words(html: str, language: str) -> list[str]:
    parser = TextNodes(language)
    parser.feed(html)
    texts = interface_texts()
    own = texts[language]
    found = []
    for node in parser.texts:
        if len(re.findall(r"[^\W\d_]", node)) < 2:
            continue  # a dash, a number, a date: no language
        for other in LANGUAGES:
            if other != language and texts[other].foreign_to(own, node):
                found.append(f"{node!r} ({other})")
    return sorted(set(found))


@pytest.fixture
def verified_entry(make_entry):
    """An entry whose name is a name, not words of one of our languages."""
    return make_entry(Status.VERIFIED, display_name="Impôts Luxembourg")


@pytest.fixture
def submitted_entry(make_entry, reviewer):
    return make_entry(Status.SUBMITTED, display_name="Douanes Luxembourg")


PUBLIC_PAGES = ["public:directory", "public:verify", "public:report", "public:embed",
                "public:accessibility", "public:privacy", "accounts:login"]  # fmt: skip
WORKSPACE_PAGES = ["workspace:home", "workspace:entry-create", "workspace:import"]
REVIEW_PAGES = ["review:queue", "review:reports", "review:dashboard"]


def page_in(client, language: str, name: str, *args) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_speak_one_language(client, verified_entry, language, name):
    assert foreign_words(page_in(client, language, name), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_and_ministry_pages_speak_one_language(client, verified_entry, language):
    pages = [
        page_in(client, language, "public:account", verified_entry.pk),
        page_in(client, language, "public:ministry", verified_entry.ministry.slug),
    ]
    assert [foreign_words(page, language) for page in pages] == [[], []]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_workspace_pages_speak_one_language(client, ministry_admin, verified_entry, language, name):
    client.force_login(ministry_admin)
    assert foreign_words(page_in(client, language, name), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_workspace_entry_and_members_pages_speak_one_language(
    client, ministry_admin, verified_entry, language
):
    client.force_login(ministry_admin)
    pages = [
        page_in(client, language, "workspace:entry", verified_entry.pk),
        page_in(client, language, "workspace:members", verified_entry.ministry.slug),
    ]
    assert [foreign_words(page, language) for page in pages] == [[], []]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", REVIEW_PAGES)
def test_review_pages_speak_one_language(client, reviewer, submitted_entry, language, name):
    client.force_login(reviewer)
    assert foreign_words(page_in(client, language, name), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_entry_page_speaks_one_language(client, reviewer, submitted_entry, language):
    client.force_login(reviewer)
    page = page_in(client, language, "review:entry", submitted_entry.pk)
    assert foreign_words(page, language) == []


ADMIN_PAGES = [
    "admin:index",
    "admin:registry_socialaccount_changelist",
    "admin:accounts_user_changelist",
    "admin:accounts_ministry_changelist",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_admin_speaks_one_language(client, central_admin, verified_entry, language, name):
    client.force_login(central_admin)
    assert foreign_words(page_in(client, language, name), language) == []
