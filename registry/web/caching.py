"""The one HTTP caching path of every public answer: pages, verify page, feed, open data and API.

A register version changes with every change to the register (each workflow move bumps it on
commit, registry.workflow), so an answer kept under one version is never read again after a
suspension or closure. `public_answer` wraps a view (a Django view or an API view's `as_view()`)
and, before the view runs:

- answers 304 when the client already holds the answer's ETag (the version, language, address
  and normalised query in one hash; there is no Last-Modified: a date to the second cannot tell
  two versions of the same second apart, and `If-Modified-Since` would then revalidate a page
  from before a suspension);
- answers from this worker's memory when the answer is kept under the current version;
- otherwise runs the view, keeps a 200 that sets no cookie, and adds the same headers.

A request costs one read of the version (a small file; with Redis, the version each process keeps
between Redis's notices that it changed, registry.web.version_notices); the answers themselves stay
in each worker's memory (the `answers` cache of settings.py).

The version must be the same for every process that serves the site. Django's default cache
is that shared store when it is Redis (REDIS_URL). Local memory is one per process, so with it
the version is kept in a small file instead, shared by the workers of one server; several
servers need REDIS_URL (docs/deployment.md).

A cache that fails is a cache miss: when the version cannot be read, answers are computed from
the database, sent without ETag, and a warning is logged at most once a minute per worker. A
version that could not be bumped is bumped as soon as the store answers again.
"""

import contextvars
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

from registry.web.compression import compressed_body, preferred_coding, send_compressed
from registry.web.version_notices import watched_version

log = logging.getLogger(__name__)

VERSION_KEY = "registry:version"
# Cached answers also expire, so a change made outside the workflow (a ministry renamed in the
# admin) shows within this many seconds.
TIMEOUT = 600
# What a shared cache raises when it cannot be reached (refused, timed out, reset).
CACHE_ERRORS = (OSError, RedisError)
WARNING_INTERVAL = 60.0  # seconds between two warnings that the cache is down


class VersionFile:
    """The version in a file of its own, with the cache methods that `register_version` uses.

    Read on every public request, so it is read whole (a few bytes, a few microseconds) rather
    than through Django's file-based cache, which unpickles and decompresses. Written to a
    temporary file first, then renamed or linked into place: a reader sees the old version or
    the new one, never half of one.
    """

    def __init__(self, path: Path):
        self.path = path

    def get(self, key: str) -> str | None:
        try:
            with open(self.path, "rb") as file:
                return file.read().decode() or None
        except FileNotFoundError:
            return None

    def set(self, key: str, value: str, timeout=None) -> None:
        os.replace(self._written(value), self.path)

    def add(self, key: str, value: str, timeout=None) -> bool:
        """Writes `value` unless a version is there already (another worker's, kept)."""
        written = self._written(value)
        try:
            os.link(written, self.path)
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(written)

    def _written(self, value: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=self.path.parent, prefix=".version-")
        with os.fdopen(descriptor, "wb") as file:
            file.write(value.encode())
        return name


_version_files: dict[tuple, VersionFile] = {}


def _version_store():
    default = caches["default"]
    if isinstance(default, RedisCache):
        return watched_version(VERSION_KEY)  # kept in this process until Redis says it changed
    if not isinstance(default, LocMemCache):
        return default
    db = settings.DATABASES["default"]
    where = (db.get("HOST", ""), db.get("PORT", ""), db.get("NAME", ""))
    if where not in _version_files:
        _version_files[where] = VersionFile(_version_path(where))
    return _version_files[where]


def _version_path(where: tuple) -> Path:
    """In the temporary directory, one file per database: two registers on one machine (the
    benchmark's sizes, two test runs) do not share a version."""
    digest = hashlib.sha256(repr(where).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"registry-version-{digest}" / "version"


class CacheHealth:
    """This worker's view of the shared cache: when it last warned, and a bump it still owes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.warned_at: float | None = None
        self.bump_owed = False

    def failed(self, error: Exception) -> None:
        now = self.clock()
        if self.warned_at is None or now - self.warned_at >= WARNING_INTERVAL:
            self.warned_at = now
            log.warning("The cache cannot be reached; answering from the database: %s", error)


health = CacheHealth()


@dataclass
class _RequestState:
    """What one request has read of the register version (`read`: asked already, even if the
    store did not answer)."""

    version: str | None = None
    read: bool = False


# Per request, as the request id is (registry.web.middleware): a ContextVar, so that requests served
# by one thread of an ASGI server, or by coroutines, never see each other's version.
_request_state: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "registry_request_state", default=None
)


def start_request(**kwargs) -> None:
    _request_state.set(_RequestState())


def end_request(**kwargs) -> None:
    _request_state.set(None)


def register_version() -> str | None:
    """The current version, read once per request (one round trip); None when the store cannot
    be reached (then nothing is cached). Outside a request every call reads the store."""
    state = _request_state.get()
    if state is None:
        return _read_version()
    if not state.read:
        state.version, state.read = _read_version(), True
    return state.version


def _read_version() -> str | None:
    store = _version_store()
    try:
        if health.bump_owed:
            _write_version(store)
        version = store.get(VERSION_KEY)
        if version is None:
            store.add(VERSION_KEY, str(time.time_ns()), timeout=None)
            version = store.get(VERSION_KEY) or str(time.time_ns())
    except CACHE_ERRORS as error:
        health.failed(error)
        return None
    return version


def _write_version(store) -> str:
    version = str(time.time_ns())
    store.set(VERSION_KEY, version, timeout=None)
    health.bump_owed = False
    return version


def bump_register_version() -> None:
    """A new version: every answer kept under the old one is unreachable from now on."""
    try:
        version = _write_version(_version_store())
    except CACHE_ERRORS as error:
        health.failed(error)
        health.bump_owed = True  # written as soon as the store answers again
        answers().clear()  # this worker's own answers go at once
        version = None
    state = _request_state.get()
    if state is not None:
        state.version, state.read = version, version is not None  # this request sees its change


def key_for(kind: str, *parts: str, version: str) -> str:
    """A cache key under `version`: a new version makes every old key unreachable."""
    digest = hashlib.sha256("\n".join([version, *parts]).encode()).hexdigest()
    return f"registry:{kind}:{digest[:40]}"


def cached(kind: str, parts: list[str], compute):
    """The value cached for `parts` under the current version, else `compute()` (then kept).

    The version is read before the database: an answer computed during a change is stored
    under the version it started with, which the change's bump leaves behind.
    """
    version = register_version()
    if version is None:
        return compute()
    key = key_for(kind, *parts, version=version)
    value = answers().get(key)
    if value is None:
        value = compute()
        answers().set(key, value, TIMEOUT)
    return value


def answers():
    """Where answers are kept: this worker's memory (the `answers` cache of settings.py)."""
    return caches["answers"]


def patch_public_cache_control(response) -> None:
    """A public answer may be stored by any cache, which must revalidate it (its ETag changes
    with the register version) before every reuse: no proxy can answer "official" after a
    suspension. PUBLIC_CACHE_MAX_AGE > 0 lets them reuse it that many seconds without asking."""
    seconds = settings.PUBLIC_CACHE_MAX_AGE
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)


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
        if language is None:  # the cache is down, or the view refuses the language asked
            response = view(request, *args, **kwargs)
            add_headers(response, None)
            return response
        translation.activate(language)
        request.LANGUAGE_CODE = language
        place = [language, request.build_absolute_uri(request.path), normalised_query(request)]
        key = key_for("answer", *place, version=version)
        etag = f'"{key[-32:]}"'
        response = _from_memory(request, key, etag, policy)
        if response is not None:
            add_headers(response, etag)
            return _compressed_once(request, key, response, policy)
        response = _from_view(view, request, args, kwargs, key, policy)
        add_headers(response, etag)
        return response

    return answer


def _from_memory(request, key: str, etag: str, policy: Policy) -> HttpResponse | None:
    """304 or the kept answer, for a client the policy admits; None: the view must answer."""
    held = client_holds(request, etag)
    kept = None if held or not policy.storable(request) else answers().get(key)
    if not (held or kept) or not policy.admits(request):
        return None
    if held:
        return HttpResponseNotModified()
    content, headers = kept
    return HttpResponse(policy.stamp(content) if policy.stamp else content, headers=headers)


def _compressed_once(request, key: str, response: HttpResponse, policy: Policy) -> HttpResponse:
    """A kept answer in the client's coding, compressed once per version and coding and kept
    beside it (registry.web.compression would compress it again on every request). An answer
    stamped per request is left to the compression middleware."""
    coding = preferred_coding(request)
    if coding is None or policy.stamp or response.status_code != 200:
        return response
    variant = f"{key}:{coding}"
    body = answers().get(variant)
    if body is None:
        body = compressed_body(response.content, coding) or b""
        answers().set(variant, body, TIMEOUT)
    return send_compressed(response, body, coding) if body else response


def _from_view(view, request, args, kwargs, key: str, policy: Policy) -> HttpResponse:
    """The view's answer, kept when it is a 200 that sets no cookie and is not streamed."""
    response = view(request, *args, **kwargs)
    if not getattr(response, "is_rendered", True):
        response.render()  # an API Response: rendered here to be kept as bytes
    if response.status_code != 200 or response.streaming:
        return response
    if not response.cookies and policy.storable(request):
        answers().set(key, (response.content, dict(response.items())), TIMEOUT)
    if policy.stamp:
        response.content = policy.stamp(response.content)
    return response
