"""`{% translate_url path code %}`: the address of the same page in another language.

Django has the function (django.urls.translate_url) but no template tag; the hreflang
alternates and the public language links use this one. The query string is kept.
"""

from django import template
from django.urls import translate_url as _translate_url

register = template.Library()


@register.simple_tag
def translate_url(path: str, language: str) -> str:
    return _translate_url(path, language)
