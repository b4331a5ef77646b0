"""The name people read for an entry's field, e.g. in the history of contact-data changes."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from registry.models import SocialAccount
from registry.notices import notice_in

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """“team_email” -> “Functional e-mail”; a name no longer on the model is shown as stored."""
    try:
        return capfirst(SocialAccount._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.filter
def in_language(texts: dict) -> str:
    """A text kept in each language ({"lb": …, "fr": …}), in the reader's; else French (what the
    register kept before it spoke Luxembourgish)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    return texts.get((get_language() or "fr")[:2]) or texts.get("fr", "")


@register.simple_tag(takes_context=True)
def public_notice(context, entry) -> dict | None:
    """The entry's notice as this page's reader sees it, and this page in each other language
    the notice exists in (the context's `alternates`), to offer them when it is not in hers."""
    notice = notice_in(entry)
    if notice is None:
        return None
    pages = {alternate["code"]: alternate["url"] for alternate in context.get("alternates", [])}
    others = [
        {"code": code, "url": pages[code], "name": get_language_info(code)["name_local"]}
        for code in notice.languages
        if code in pages and code != (get_language() or "")[:2]
    ]
    return {"notice": notice, "others": others}
