"""A model field for a set of language codes, stored as text so SQLite and PostgreSQL agree."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class PublicationLanguage(models.TextChoices):
    LB = "lb", _("Luxembourgish")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")


ORDER = [code for code, _label in PublicationLanguage.choices]


def normalise(codes) -> list[str]:
    """Known codes, each once, in the order lb, fr, de, en."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c]
    unknown = [c for c in codes if c not in ORDER]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."), params={"codes": ", ".join(unknown)}
        )
    return [c for c in ORDER if c in set(codes)]


class LanguagesField(models.CharField):
    """A list like ["lb", "fr"], stored as "lb,fr". Filter with `languages__contains="fr"`:
    the codes are two letters and none contains another, so a substring match is exact."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return [c for c in value.split(",") if c] if value else []

    def to_python(self, value):
        if value is None:
            return []
        return normalise(value)

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(normalise(value))
        return value

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            choices=PublicationLanguage.choices,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        normalise(value)
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
