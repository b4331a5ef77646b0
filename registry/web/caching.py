"""The one HTTP caching path of every public answer: pages, verify page, feed, open data and API.

An answer is kept in this worker's memory with the register version it was computed at and the
scopes it shows (`depends_on`: an entry, a key that names one; nothing declared: every entry, as
a list does). It is served again only while the version is confirmed within the freshness bound
and no change since has touched one of its scopes (registry.freshness): a suspension makes that
account's answers stale at once, in every process of every server, and leaves the others kept.

`public_answer` wraps a view (a Django view or an API view's `as_view()`) and, before the view
runs:

- answers 304 when the client holds the ETag of the kept answer (its address, language, query
  and version in one tag; there is no Last-Modified: a date to the second cannot tell two
  versions of the same second apart);
- answers from this worker's memory when the kept answer is current;
- otherwise runs the view, keeps a 200 that sets no cookie, and adds the same headers.

When the version cannot be confirmed (the database does not answer), nothing kept is served and
answers go without ETag.
"""

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

from registry.freshness.kept import (
    TIMEOUT,
    Kept,
    answers,
    collecting,
    key_for,
    register_version,
    shown,
)
from registry.web.compression import compressed_body, preferred_coding, send_compressed

log = logging.getLogger(__name__)


# What a shared cache raises when it cannot be reached (refused, timed out, reset).
CACHE_ERRORS = (OSError, RedisError)
WARNING_INTERVAL = 60.0  # seconds between two warnings that the cache is down


class CacheHealth:
    """This worker's view of the shared cache (the API throttle's counters): when it last
    warned that it cannot reach it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.warned_at: float | None = None

    def failed(self, error: Exception) -> None:
        now = self.clock()
        if self.warned_at is None or now - self.warned_at >= WARNING_INTERVAL:
            self.warned_at = now
            log.warning("The cache cannot be reached; answering from the database: %s", error)


health = CacheHealth()


def patch_public_cache_control(response) -> None:
    """A public answer may be stored by any cache, which must revalidate it (its ETag changes
    with the version) before every reuse: no proxy can answer "official" after a suspension.
    PUBLIC_CACHE_MAX_AGE > 0 lets browsers and proxies reuse it that many seconds without asking;
    SHARED_CACHE_MAX_AGE > 0 lets a shared cache in front do so (`s-maxage`)."""
    seconds, shared = settings.PUBLIC_CACHE_MAX_AGE, settings.SHARED_CACHE_MAX_AGE
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=seconds)
    elif shared > 0:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    if shared > 0:
        patch_cache_control(response, s_maxage=shared)


def normalised_query(request) -> str:
    """The query in one spelling (parameters sorted): `?a=1&b=2` and `?b=2&a=1` are one answer."""
    return urlencode(sorted(request.GET.lists()), doseq=True)


def client_holds(request, etag: str) -> bool:
    """True when the client's If-None-Match names this ETag (or `*`)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return etag in tags or "*" in tags


def add_headers(response, etag: str | None) -> None:
    """ETag and public caching on every answer, except a 429 that no proxy may keep for others
    and a server error. Never Last-Modified (the feed's own included): see the module's doc."""
    patch_vary_headers(response, ["Accept-Language"])
    response.headers.pop("Last-Modified", None)
    if response.status_code == 429:
        patch_cache_control(response, no_store=True)
        return
    if response.status_code >= 500:
        return
    if etag:
        response["ETag"] = etag
    patch_public_cache_control(response)


def with_checked_at(rendered: bytes) -> bytes:
    """A rendered JSON object with `checked_at`, the time of this request, as its last member:
    a verdict is kept, the moment it is given is not."""
    stamp = json.dumps(timezone.now().isoformat()).encode()
    return rendered.rstrip()[:-1] + b',"checked_at":' + stamp + b"}"


def _always(request) -> bool:
    return True


def _signed_in(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _active_language(request) -> str | None:
    return translation.get_language()


@dataclass(frozen=True)
class Policy:
    """What differs between audiences; the defaults serve the public pages."""

    # Whether the answer is this visitor's own (a signed-in person's page shows their name):
    # then the view answers, and nothing is kept or tagged.
    personal: Callable = _signed_in

    # The answer's language; None when the view must answer (it refuses the language asked).
    language: Callable = _active_language
    # Whether the client may have an answer from memory now; if not, the view runs (the API's
    # throttle then refuses it with its own 429).
    admits: Callable = _always
    # Whether this request's answer may be kept (the API keeps plain JSON only).
    storable: Callable = _always
    # Added to each 200's body, after it is kept (the verify API's `checked_at`).
    stamp: Callable[[bytes], bytes] | None = None


PAGES = Policy()


def public_answer(view=None, *, policy: Policy = PAGES):
    """The caching of a public view (a decorator; `policy` for the API). Other methods than GET
    and HEAD, and personal answers, go to the view unchanged."""
    if view is None:
        return lambda view: public_answer(view, policy=policy)

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or policy.personal(request):
            return view(request, *args, **kwargs)
        version = register_version()
        language = policy.language(request) if version is not None else None
        if language is None:  # no confirmed version, or the view refuses the language asked
            response = view(request, *args, **kwargs)
            add_headers(response, None)
            return response
        translation.activate(language)
        request.LANGUAGE_CODE = language
        place = [language, request.build_absolute_uri(request.path), normalised_query(request)]
        key = key_for("answer", *place)
        kept = _kept_answer(key, version, policy, request)
        if kept is not None:
            response = _from_memory(request, key, kept, policy)
            add_headers(response, etag_of(key, kept.version))
            return _compressed_once(request, key, kept, response, policy)
        response = _from_view(view, request, args, kwargs, key, version, policy)
        add_headers(response, etag_of(key, version))
        return response

    return answer


def etag_of(key: str, version: int) -> str:
    """The tag of the answer kept at `key` as computed at `version`."""
    return f'"{key[-24:]}-{version}"'


def _kept_answer(key: str, version: int, policy: Policy, request) -> Kept | None:
    """The current kept answer for a client the policy admits; None: the view must answer."""
    if not policy.storable(request):
        return None
    kept = answers().get(key)
    if not isinstance(kept, Kept) or kept.version > version or not kept.current():
        return None
    return kept if policy.admits(request) else None


def _from_memory(request, key: str, kept: Kept, policy: Policy) -> HttpResponse:
    """304 when the client holds this very answer, else the answer itself."""
    if client_holds(request, etag_of(key, kept.version)):
        return HttpResponseNotModified()
    content, headers = kept.value
    return HttpResponse(policy.stamp(content) if policy.stamp else content, headers=headers)


def _compressed_once(
    request, key: str, kept: Kept, response: HttpResponse, policy: Policy
) -> HttpResponse:
    """A kept answer in the client's coding, compressed once per kept answer and coding and kept
    beside it (registry.web.compression would compress it again on every request). An answer
    stamped per request is left to the compression middleware."""
    coding = preferred_coding(request)
    if coding is None or policy.stamp or response.status_code != 200:
        return response
    variant = f"{key}:{coding}"
    compressed = answers().get(variant)
    if not compressed or compressed[0] != kept.version:
        compressed = (kept.version, compressed_body(response.content, coding) or b"")
        answers().set(variant, compressed, TIMEOUT)
    body = compressed[1]
    return send_compressed(response, body, coding) if body else response


def _from_view(view, request, args, kwargs, key: str, version: int, policy: Policy):
    """The view's answer, kept when it is a 200 that sets no cookie and is not streamed; a 304
    when the client already holds what it computed."""
    with collecting() as scopes:
        response = view(request, *args, **kwargs)
        if not getattr(response, "is_rendered", True):
            response.render()  # an API Response: rendered here (its scopes declared) to be kept
    if response.status_code != 200 or response.streaming:
        return response
    if not response.cookies and policy.storable(request):
        value = (response.content, dict(response.items()))
        answers().set(key, Kept(value, version, shown(scopes)), TIMEOUT)
    if client_holds(request, etag_of(key, version)):
        return HttpResponseNotModified()
    if policy.stamp:
        response.content = policy.stamp(response.content)
    return response
