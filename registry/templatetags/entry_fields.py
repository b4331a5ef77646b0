"""The name people read for an entry's field, e.g. in the history of contact-data changes."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from registry.models import SocialAccount

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """“team_email” -> “Functional e-mail”; a name no longer on the model is shown as stored."""
    try:
        return capfirst(SocialAccount._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
