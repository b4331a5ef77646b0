"""Public notices in the reader's language (issue 34, requirement 2).

A notice (why an entry is suspended) is kept in each interface language it exists in,
`SocialAccount.public_notices` ({"lb": …, "fr": …}); `public_notice` keeps the text as first
written (the open data's column). A reviewer writes it in the language of the page they are on,
and may add it in the others; a reason's standard message left as it is exists in every
language, and so do the watch's notices, which are templates rendered in each. A page shows the
reader's language when the notice exists in it; otherwise the text it has, marked with its
language, with links to the page in each language the notice exists in.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_each_language(render: Callable[[], object]) -> dict[str, str]:
    """A text the registry writes itself, rendered in every interface language."""
    texts = {}
    for code in interface_languages():
        with translation.override(code):
            texts[code] = str(render())
    return texts


def written(
    message: str, *, translations: dict[str, str] | None = None, standard: object = None
) -> dict[str, str]:
    """A person's notice: `message` in the language they wrote it in (the page's), the
    translations they gave, and, when `message` is the reason's `standard` message left as it
    is, that message in the languages they did not write."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    texts = {code: text.strip() for code, text in (translations or {}).items() if text.strip()}
    message = (message or "").strip()
    if message:
        texts[language] = message
    if standard is not None and message and message == str(standard).strip():
        for code, text in in_each_language(lambda: standard).items():
            texts.setdefault(code, text)
    return {code: texts[code] for code in interface_languages() if code in texts}


@dataclass(frozen=True)
class Notice:
    text: str
    language: str  # the language `text` is written in
    languages: tuple[str, ...]  # every language the notice exists in
    foreign: bool  # not in the reader's language


def notice_in(entry, language: str | None = None) -> Notice | None:
    """The entry's public notice as a reader of `language` (default: the active one) sees it."""
    texts = dict(entry.public_notices or {})
    if not texts and entry.public_notice:
        texts = {settings.LANGUAGE_CODE: entry.public_notice}  # kept before notices had languages
    if not texts:
        return None
    wanted = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    order = [wanted, settings.LANGUAGE_CODE, *interface_languages(), *texts]
    chosen = next(code for code in order if texts.get(code))
    known = tuple(code for code in interface_languages() if texts.get(code))
    return Notice(texts[chosen], chosen, known, foreign=chosen != wanted)
