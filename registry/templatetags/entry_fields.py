"""The name people read for an entry's field, e.g. in the history of contact-data changes."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language

from registry.models import SocialAccount

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
