"""Values kept in each process's memory with the register version they were computed at and
the scopes they show, served again only while current (registry.freshness.clock).

`cached(kind, parts, compute)` keeps any value (the verify verdict of a key, the directory's
choices); registry.web.caching keeps whole HTTP answers the same way. While a value is computed,
`depends_on(scope, ...)` declares what it shows (registry.public_changes names the scopes: an
entry, a key naming one); a value that declares nothing shows every entry, as a list does, and
any change makes it stale. Scopes declared inside a `cached` value count for the answer that
asked for it too, kept or not.
"""

import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import BaseCache, caches

from registry.freshness.clock import clock
from registry.models import EVERYTHING

T = TypeVar("T")

# Kept answers also expire, so that memory goes to what is asked.
TIMEOUT = 600


@dataclass
class _RequestState:
    """What one request has read of the register version (even None: the database did not
    answer) and the scopes its answer shows (None: not collecting)."""

    version: int | None = None
    read_at: int | None = None  # the clock's generation when read (a change of ours: again)
    scopes: set[str] | None = None


# Per request, as the request id is (registry.web.middleware): a ContextVar, so that requests
# served by one thread of an ASGI server, or by coroutines, never see each other's version.
_request_state: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "registry_request_state", default=None
)


def start_request(**kwargs: object) -> None:
    _request_state.set(_RequestState())


def end_request(**kwargs: object) -> None:
    _request_state.set(None)


def register_version() -> int | None:
    """The current version, confirmed within the freshness bound, read once per request; None
    when the database cannot say (then nothing kept is served)."""
    state = _request_state.get()
    if state is None:
        return clock.current()
    if state.read_at != clock.generation:  # not read yet, or changed here since
        state.version = clock.current()
        state.read_at = clock.generation
    return state.version


def depends_on(*scopes: str) -> None:
    """The answer being computed shows these scopes (registry.public_changes names them)."""
    state = _request_state.get()
    if state is not None and state.scopes is not None:
        state.scopes.update(scopes)


@dataclass(frozen=True)
class Kept:
    """A value kept in memory: computed at `version`, showing `scopes`."""

    value: object
    version: int
    scopes: frozenset[str]

    def current(self) -> bool:
        return clock.fresh(self.version, self.scopes)


class collecting:
    """Collects the scopes declared while computing; hands them on to an enclosing answer."""

    def __enter__(self) -> set[str]:
        state = _request_state.get()
        self.token: contextvars.Token | None = None
        if state is None:
            state = _RequestState()
            self.token = _request_state.set(state)
        self.state = state
        self.outer, self.state.scopes = self.state.scopes, set()
        return self.state.scopes

    def __exit__(self, *exc: object) -> None:
        inner, self.state.scopes = self.state.scopes, self.outer
        if self.outer is not None:
            self.outer.update(inner or {EVERYTHING})
        if self.token is not None:
            _request_state.reset(self.token)


def shown(scopes: set[str]) -> frozenset[str]:
    return frozenset(scopes) if scopes else frozenset({EVERYTHING})


def key_for(kind: str, *parts: str) -> str:
    """Where the answer for `parts` is kept (whatever its version)."""
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"registry:{kind}:{digest[:40]}"


def cached(kind: str, parts: list[str], compute: Callable[[], T]) -> T:
    """The value kept for `parts` while current, else `compute()` (then kept, with the scopes
    it declared; they count for the answer that asked too).

    The version is read before the database: a value computed during a change is kept under
    the version it started with, which the change leaves behind.
    """
    version = register_version()
    if version is None:
        return compute()
    key = key_for(kind, *parts)
    kept = answers().get(key)
    if isinstance(kept, Kept) and kept.version <= version and kept.current():
        depends_on(*kept.scopes)
        return kept.value  # type: ignore[return-value]  # what `compute` gave
    with collecting() as scopes:  # handed on to the answer that asked
        value = compute()
    answers().set(key, Kept(value, version, shown(scopes)), TIMEOUT)
    return value


def answers() -> BaseCache:
    """Where answers are kept: this worker's memory (the `answers` cache of settings.py)."""
    return caches["answers"]
