"""Text people type, stored and sent on: one rule for what may be stored, and the safe forms of
stored text for the outputs that cannot carry everything (XML, mail headers, files).

`single_line` and `multi_line` are the model fields' validators (and the plain forms'): every
form, the admin, the CSV import and the commands reach them through `full_clean`. Refused:
- C0 and C1 control characters, DEL and NUL (a multi-line field keeps line breaks and tabs);
- lone surrogates and Unicode non-characters (U+FFFE, U+FFFF…), which no file format carries;
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
  an "official" name show its letters in another order;
- in a single-line field, the Unicode line and paragraph separators (U+2028, U+2029).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.template import Context
from django.template.loader import get_template
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_ALWAYS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, LF, CR), DEL, C1
    "\ud800-\udfff"  # surrogates: never a character on their own
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides, isolates
    "\ufdd0-\ufdef\ufffe\uffff"  # non-characters
)
_MULTI_LINE = re.compile(f"[{_ALWAYS}]")
_SINGLE_LINE = re.compile(f"[{_ALWAYS}\t\n\r\u2028\u2029\x85]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029\x85]+")
_NONCHARACTER_PLANES = re.compile("[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0010fffe\U0010ffff]")


def forbidden_character(text: str, *, multiline: bool) -> tuple[int, str] | None:
    """The first character `text` may not hold, with its position (from 1), or None."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    found = found or _NONCHARACTER_PLANES.search(text)
    return (found.start() + 1, found.group()) if found else None


def scrub(text: str, *, multiline: bool, limit: int) -> str:
    """`text` from outside (a platform's answer) made storable: every character the rule above
    refuses removed (a single line also loses its line breaks, each becoming a space), surrounding
    space stripped, and at most `limit` characters kept."""
    if not text:
        return ""
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    text = _NONCHARACTER_PLANES.sub("", _MULTI_LINE.sub("", text))
    return text.strip()[:limit].strip()


def describe(char: str) -> str:
    """ "U+202E (RIGHT-TO-LEFT OVERRIDE)", for a message."""
    name = unicodedata.name(char, "") if not "\ud800" <= char <= "\udfff" else ""
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


@deconstructible
class PlainTextValidator:
    """Refuses the invisible and control characters listed in this module's docstring."""

    message = _(
        "This text holds an invisible or control character, %(character)s, at position "
        "%(position)s: retype it without that character."
    )
    code = "forbidden_character"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = forbidden_character(value, multiline=self.multiline)
        if found:
            position, char = found
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": describe(char), "position": position},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


single_line = PlainTextValidator(multiline=False)
multi_line = PlainTextValidator(multiline=True)


# --- Outputs: what already stored text becomes where a character cannot go -----------------

# XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and the planes above.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BREAKS_AND_CONTROLS = re.compile(f"[{_ALWAYS}\t\n\r\u2028\u2029\x85]+")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (a feed with one is not a feed)."""
    return _NOT_XML.sub("", _BIDI_CONTROLS.sub("", text)) if text else text


def file_safe(text: str) -> str:
    """`text` for an exported file (CSV, JSON): no control character (but line breaks and tabs),
    no lone surrogate (it cannot be encoded) and no bidirectional override."""
    if not text or not _MULTI_LINE.search(text):
        return text
    return _MULTI_LINE.sub("", text)


def header_safe(text: str) -> str:
    """`text` on one line for a mail header (a subject): every line break and control character
    becomes a space, runs of spaces one space."""
    return " ".join(_BREAKS_AND_CONTROLS.sub(" ", text or "").split())


def render_plain(template_name: str, context: dict) -> str:
    """A plain-text template (an e-mail), rendered without HTML escaping: a mail client shows
    `&#x27;` as it is."""
    template = get_template(template_name).template  # the Django template under the wrapper
    return template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """A mail subject: plain text, on one line, whatever the stored names hold."""
    return header_safe(render_plain(template_name, context))
