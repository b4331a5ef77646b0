"""Redis's notices that the register's version changed: immediacy, never truth.

The version is a row of the database (registry.models.register); each process reads it at most
once per freshness bound (registry.freshness.clock). A change committed anywhere is also
announced here (`announce`, on commit: a write of a key of Django's default cache when it is
Redis), and Redis can tell every client at once when a key changes (server-assisted client-side
caching, Redis 6 and later: `CLIENT TRACKING ... BCAST PREFIX`): each process holds one
connection of its own on which Redis pushes a notice whenever that key is written, expires or
is flushed. `heard()` looks for notices on every request (a poll of the socket, no round trip),
and a notice makes that request read the database at once; Redis sends the notice of a write
before it answers the writer, so a change is seen by the next request of every process.

Nothing here can make an answer older: without the connection (Redis down, paused, a connection
lost, a Redis without tracking, local memory as the default cache) no notice arrives and the
bound applies. A connection (re)opened counts as a notice (what it missed is unknown). A broken
connection is opened again at most once every RECONNECT_INTERVAL seconds. redis-py's own
client-side cache is not used: it needs Redis 7.4, and caches every key of the connection.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis import ConnectionPool
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RECONNECT_INTERVAL = 1.0  # seconds between two attempts to open the watch again


KEY = "registry:version-notice"


class VersionNotices:
    """The notice key of Django's default cache (Redis), watched by this process."""

    def __init__(self, key: str, clock: Callable[[], float] = time.monotonic):
        self.key = key
        self.clock = clock
        self.lock = threading.Lock()  # threads of one process share the watch
        self.pending = False  # a notice came (or the watch was opened) since the last look
        self.connection: Any = None  # redis-py's Connection, on RESP3
        self.pid: int | None = None
        self.retry_at = 0.0

    def look(self) -> bool:
        """Whether a notice came since the last look (a poll, no round trip)."""
        with self.lock:
            self._watching()
            heard, self.pending = self.pending, False
            return heard

    def _watching(self) -> bool:
        """Whether the watch is on; every notice sent so far read (`pending` set if any came)."""
        if self.pid != os.getpid():  # a forked worker: the parent's socket is not its own
            self.connection, self.pid = None, os.getpid()
        if self.connection is None and not self._opened():
            return False
        try:
            while self.connection.can_read(timeout=0):
                self.connection.read_response(push_request=True)
                self.pending = True
        except (RedisError, OSError):
            self._close()
            return False
        return True

    def _opened(self) -> bool:
        if self.clock() < self.retry_at:
            return False
        self.retry_at = self.clock() + RECONNECT_INTERVAL
        cache: Any = caches["default"]  # a RedisCache (see `watch`)
        prefix = cache.make_and_validate_key(self.key)
        try:
            pool = ConnectionPool.from_url(cache._servers[0], **_watch_options(cache))
            connection: Any = pool.make_connection()
            connection.connect()
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix)
            connection.read_response()
        except (RedisError, OSError):
            return False
        self.connection, self.pending = connection, True
        return True

    def _close(self) -> None:
        connection, self.connection = self.connection, None
        connection.disconnect()  # redis-py's own: a socket already gone is not an error


def _watch_options(cache: Any) -> dict:
    """The cache's own connection options (timeouts, credentials), on RESP3: the notices come
    on the watching connection itself."""
    options = {
        name: value
        for name, value in cache._options.items()
        if name not in ("parser_class", "pool_class", "serializer")
    }
    return options | {"protocol": 3}


_watches: dict[tuple, VersionNotices] = {}


@receiver(setting_changed)
def _forget_watches(setting: str, **kwargs: object) -> None:
    """Another cache configured (tests do): the watches of the old one are closed."""
    if setting == "CACHES":
        for watch in _watches.values():
            with watch.lock:
                if watch.connection is not None and watch.pid == os.getpid():
                    watch._close()
        _watches.clear()


def watch() -> VersionNotices | None:
    """The one watch of the notice key in the default cache as configured now (tests change
    it); None when the default cache is not Redis."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    servers: list[str] = cache._servers  # type: ignore[attr-defined]
    where = (tuple(servers), cache.key_prefix, cache.version, KEY)
    if where not in _watches:
        _watches[where] = VersionNotices(KEY)
    return _watches[where]


def heard() -> bool:
    """Whether the version may have changed since the last look, as far as Redis knows."""
    notices = watch()
    return notices.look() if notices is not None else False


def announce(number: int) -> None:
    """Tell every process that the version is now `number` (after the change committed). A
    Redis that does not answer is left alone: the freshness bound tells them instead."""
    if watch() is None:
        return
    try:
        caches["default"].set(KEY, number, timeout=None)
    except (RedisError, OSError) as error:
        log.info("The version notice was not sent (the bound applies): %s", error)
