"""What staff and citizens read for what the register keeps as codes (registry/wording.py)."""

from django import template
from django.utils.translation import get_language, get_language_info

from registry import wording
from registry.notices import notice_in

register = template.Library()


register.filter("field_label", wording.field_label)
register.filter("watch_detail", wording.watch_detail)
register.filter("language_names", wording.language_names)
register.filter("in_language", wording.in_language)
register.filter("change_value", wording.change_value)


@register.inclusion_tag("registry/includes/watch_failure.html")
def watch_failure(error: str) -> dict:
    """A failed check in words, the technical detail after it in its own (English) words."""
    sentence, detail = wording.watch_failure(error)
    return {"sentence": sentence, "detail": detail}


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
