"""The one refusal the parser raises, and every message a person may read, in one table.

Messages are constant English templates with ``str.format`` placeholders, marked with
``gettext_noop`` so Django's ``makemessages`` collects them without this module importing Django.
Pages translate them when they show them: ``exc.render(gettext)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn


def gettext_noop(message: str) -> str:
    """Mark a string for translation and return it unchanged (Django's makemessages keyword)."""
    return message


# Refusal kind (``exc.code``) -> message. Each message says what is wrong and what to paste instead.
MESSAGES: dict[str, str] = {
    "blank": gettext_noop(
        "Paste the link to the account's profile page, for example https://x.com/name."
    ),
    "too_long": gettext_noop(
        "This text is longer than {limit} characters, so it is not a profile link. "
        "Paste only the address of the account's profile page."
    ),
    "control_chars": gettext_noop(
        "This link contains invisible or control characters. "
        "Copy the address again from the browser's address bar and paste it."
    ),
    "not_a_link": gettext_noop(
        "This is not a link. Paste the full address of the account's profile page, "
        "as shown in the browser's address bar, for example https://x.com/name."
    ),
    "handle_only": gettext_noop(
        "A name alone does not say which account it is. Paste the full link to the profile "
        "page, for example https://x.com/name, or @name@server for a fediverse account."
    ),
    "scheme": gettext_noop(
        "Only web links (starting with https:// or http://) can name an account. "
        "Paste the address of the account's profile page."
    ),
    "userinfo": gettext_noop(
        "This link hides another address before an @ sign, a trick used to disguise links. "
        "Paste the address of the profile page exactly as the browser shows it."
    ),
    "port": gettext_noop(
        "This link uses an unusual port number (after a colon in the address), which the "
        "platforms do not use. Paste the address of the profile page without it."
    ),
    "ip_host": gettext_noop(
        "This link points to a numeric internet address, not to a platform. "
        "Paste the address of the account's profile page on the platform's own site."
    ),
    "non_ascii_host": gettext_noop(
        "The site's name in this link uses special or encoded letters (xn--), which are used to "
        "imitate well-known sites. Paste the link from the platform's own site."
    ),
    "lookalike": gettext_noop(
        "This link imitates {platform}: its address, {host}, looks like the platform's own but "
        "leads to another site. Links like this are used to pass off fake accounts. Paste only "
        "links from the platform's own site."
    ),
    "unknown_host": gettext_noop(
        "The registry finds no account in this link to {host}. Paste the link to the "
        "account's profile on one of the supported platforms, or https://server/@name for a "
        "fediverse account."
    ),
    "short_link": gettext_noop(
        "This is a shortened or shared link, and the registry never follows links. Open it in "
        "your browser and paste the address of the profile page it leads to."
    ),
    "video_link": gettext_noop(
        "This is a link to a video, not to a channel. Open the video, go to its channel and "
        "paste the channel's address, for example {example}."
    ),
    "post_link": gettext_noop(
        "This is a link to a single {platform} post or video, and its address does not say which "
        "account published it (the registry never opens links to find out). Open the post, tap the "
        "account's name and paste the address of the account's profile page, for example "
        "{example}."
    ),
    "not_an_account": gettext_noop(
        "This {platform} link points to a page, a post or a feature, not to an account. "
        "Open the account's profile and paste its address, for example {example}."
    ),
    "bad_handle": gettext_noop(
        "This is not a valid {platform} account name: {rule} "
        "Check the link and paste the address of the profile page, for example {example}."
    ),
}

# Parameters whose values are themselves marked strings, so pages translate them too.
TRANSLATED_PARAMS = frozenset({"platform", "rule"})


class InvalidAccountURL(ValueError):
    """The text does not name one account.

    ``code`` is the kind of refusal, ``message`` the untranslated template, ``params`` its
    values; ``str(exc)`` is the English text. The shape mirrors Django's ValidationError.
    """

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.message = MESSAGES[code]
        self.params = params
        super().__init__(self.render())

    def __reduce__(self) -> tuple[Callable[..., InvalidAccountURL], tuple[str, dict[str, str]]]:
        return _rebuild, (self.code, self.params)  # so copies and pickles keep code and params

    def render(self, translate: Callable[[str], str] = gettext_noop) -> str:
        """The message with its parameters, passed through ``translate`` (e.g. Django's gettext)."""
        values = {
            key: translate(value) if key in TRANSLATED_PARAMS else value
            for key, value in self.params.items()
        }
        return translate(self.message).format(**values)


def _rebuild(code: str, params: dict[str, str]) -> InvalidAccountURL:
    return InvalidAccountURL(code, **params)


def refuse(code: str, **params: str) -> NoReturn:
    raise InvalidAccountURL(code, **params)
