"""How a stored moment and a field's name read for a person, at the models' level (their
`__str__` uses these; registry.wording builds the rest of what staff read on them)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime


def field_label(name: str) -> str:
    """“team_email” -> “Functional e-mail”; a name no longer on the model is shown as stored."""
    from registry.models.entries import SocialAccount

    try:
        return str(capfirst(SocialAccount._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


def when(value) -> str:
    """A moment as the reader's language writes it (registry/formats)."""
    return date_format(localtime(value), "DATETIME_FORMAT") if value else ""
