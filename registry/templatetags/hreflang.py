"""`{% translate_url path code %}`: the same page in another language (Django has no such tag)."""

from django import template
from django.urls import translate_url as _translate_url

register = template.Library()


@register.simple_tag
def translate_url(path: str, language: str) -> str:
    return _translate_url(path, language)
