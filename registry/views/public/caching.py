"""HTTP caching of public pages, so a proxy can serve them.

A public answer changes when the register changes: the register version (bumped on commit of
every workflow move, see registry.cache) is part of the ETag and gives the Last-Modified date.
Public pages read no session and set no cookie, so one cached copy serves every visitor.
"""

import datetime
import hashlib
from functools import wraps

from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from registry.cache import register_version

MAX_AGE = 300  # seconds: a suspension reaches every proxy within five minutes


def _etag(request, *args, **kwargs) -> str:
    key = "|".join((register_version(), get_language() or "", request.get_full_path()))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromtimestamp(int(register_version()) / 1e9, tz=datetime.UTC)
    except ValueError:
        return timezone.now()


def public_cache(view):
    """ETag, Last-Modified (with 304 answers) and `Cache-Control: public, max-age=…`."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapped
