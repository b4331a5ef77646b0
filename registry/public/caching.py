"""Caching of public pages: HTTP headers so a proxy can serve them, and the rendered page.

A public answer changes when the register changes: the register version (bumped on commit of
every workflow move, see registry.cache) is part of the ETag and gives the Last-Modified date,
and keys the rendered pages kept in Django's cache (`cached_page`).
Public pages read no session and set no cookie, so one cached copy serves every visitor.
"""

import datetime
import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import condition

from registry.cache import cached, patch_public_cache_control, register_version


def _etag(request, *args, **kwargs) -> str:
    key = "|".join((register_version(), get_language() or "", request.get_full_path()))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromtimestamp(int(register_version()) / 1e9, tz=datetime.UTC)
    except ValueError:
        return timezone.now()


def public_cache(view):
    """ETag, Last-Modified (with 304 answers) and public caching that revalidates."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_public_cache_control(response)
        return response

    return wrapped


def cached_page(view):
    """Keeps the rendered page in Django's cache under the register version, the language, the
    host and the normalised query, and serves it again until the register changes.

    Only for anonymous visitors (a signed-in person's header shows their name) and only for a
    200 that sets no cookie; any other answer is computed every time.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        fresh = []

        def render():
            response = view(request, *args, **kwargs)
            fresh.append(response)
            if response.status_code != 200 or response.cookies or response.streaming:
                return None  # not kept: computed again next time
            return (response.content, dict(response.items()))

        parts = [get_language() or "", request.get_host(), request.path, _normalised_query(request)]
        page = cached("page", parts, render)
        if fresh:
            return fresh[0]
        content, headers = page
        return HttpResponse(content, headers=headers)

    return wrapped


def _normalised_query(request) -> str:
    return urlencode(sorted(request.GET.lists()), doseq=True)
