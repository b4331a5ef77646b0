"""The language of an API answer: `?lang=`, then Accept-Language, then the site's default."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registry.api.errors import InvalidQuery


def _supported(code: str) -> str | None:
    code = code.strip().lower()[:2]
    return code if code in dict(settings.LANGUAGES) else None


def accepted_language(header: str) -> str | None:
    """The first supported language of an Accept-Language header, by quality."""
    choices = []
    for position, part in enumerate(header.split(",")):
        code, _sep, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        choices.append((-quality, position, code))
    for negative_quality, _position, code in sorted(choices):
        if negative_quality < 0 and _supported(code):
            return _supported(code)
    return None


def request_language(request) -> str:
    """`?lang=` first, then Accept-Language, then the site's default (never the cookie, which
    a shared cache could not tell apart). `request` may be Django's or DRF's."""
    lang = request.GET.get("lang")
    if lang is not None:
        if lang not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            message = _("Choose one of %(codes)s.") % {"codes": codes}
            raise InvalidQuery(fields={"lang": [str(message)]})
        return lang
    return accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or settings.LANGUAGE_CODE
