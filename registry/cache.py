"""A register version that any change bumps, and the public answers cached under it.

Every workflow move bumps the version on commit (registry.workflow), so an answer cached before
a suspension or closure is never read again: no cache can answer "official" afterwards.

The version must be the same for every process that serves the site. Django's default cache
is that shared store when it is Redis (REDIS_URL) or any other shared backend. Local memory is
one per process (each gunicorn worker has its own), so with it the version is kept in a small
file instead, shared by the workers of one server; several servers need REDIS_URL
(docs/deployment.md). Cached answers themselves may stay in local memory: they are only ever
read under the current version.
"""

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.cache import patch_cache_control

VERSION_KEY = "registry:version"
# Cached answers also expire, so a change made outside the workflow (a ministry renamed in the
# admin) shows within this many seconds.
TIMEOUT = 600


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


# Within one request the version is read once: its ETag, Last-Modified and cached answer all
# belong to the same version, and a public request costs one read of the shared store (a round
# trip to Redis), not one per use. Outside a request (commands, tests' direct calls) every call
# reads the store.
_request = threading.local()


def start_request(**kwargs) -> None:
    _request.active, _request.version = True, None


def end_request(**kwargs) -> None:
    _request.active, _request.version = False, None


def register_version() -> str:
    if not getattr(_request, "active", False):
        return _read_version()
    if _request.version is None:
        _request.version = _read_version()
    return _request.version


def _read_version() -> str:
    store = _version_store()
    version = store.get(VERSION_KEY)
    if version is None:
        store.add(VERSION_KEY, str(time.time_ns()), timeout=None)
        version = store.get(VERSION_KEY) or str(time.time_ns())
    return version


def bump_register_version() -> None:
    version = str(time.time_ns())
    _version_store().set(VERSION_KEY, version, timeout=None)
    if getattr(_request, "active", False):
        _request.version = version  # this request sees its own change


def key_for(kind: str, *parts: str) -> str:
    """A cache key under the current version: a new version makes every old key unreachable."""
    digest = hashlib.sha256("\n".join([register_version(), *parts]).encode()).hexdigest()
    return f"registry:{kind}:{digest[:40]}"


def cached(kind: str, parts: list[str], compute):
    """The value cached for `parts` under the current version, else `compute()` (then kept).

    The version is read before the database: an answer computed during a change is stored
    under the version it started with, which the change's bump leaves behind.
    """
    key = key_for(kind, *parts)
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
