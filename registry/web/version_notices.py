"""The register version kept in each process, and dropped the moment Redis says it changed.

Every public answer first reads the register version (registry.web.caching). With several app
servers the version is in Redis, and reading it costs a round trip per request: on a busy
server that shares its cores with Redis, more than rendering a kept answer. Redis can instead
tell a client when a key changes (server-assisted client-side caching, Redis 6 and later:
`CLIENT TRACKING ... BCAST PREFIX`): each process holds one connection of its own on which
Redis pushes a notice whenever the version key is written, expires or is flushed.

A process then reads the version once, keeps it, and reads it again only after a notice. The
notices are looked for on every read (a poll of the socket, no round trip), so a process never
answers from a version older than the last notice Redis sent it; and Redis sends the notice of
a write before it answers the writer, so a change that has been bumped is seen by the next
request of every process (tests/test_version_watch.py).

The watch can only make the version fresher: without its connection (Redis down, a connection
lost, a Redis without tracking) every read goes to Redis as before, and a broken connection is
opened again at most once every RECONNECT_INTERVAL seconds. redis-py's own client-side cache is
not used: it needs Redis 7.4, and caches every key of the connection.
"""

import os
import threading
import time
from collections.abc import Callable

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis import ConnectionPool
from redis.exceptions import RedisError

RECONNECT_INTERVAL = 1.0  # seconds between two attempts to open the watch again


class WatchedVersion:
    """The version key of Django's default cache (Redis), with the three cache methods that
    registry.web.caching uses (get, set, add), kept in this process between notices."""

    def __init__(self, key: str, clock: Callable[[], float] = time.monotonic):
        self.key = key
        self.clock = clock
        self.lock = threading.Lock()  # threads of one process share the watch
        self.kept: str | None = None
        self.connection = None
        self.pid = None
        self.retry_at = 0.0

    def get(self, key: str) -> str | None:
        with self.lock:
            watching = self._watching()
            if watching and self.kept is not None:
                return self.kept
            value = caches["default"].get(key)
            # Kept only when the watch was on before the read: a write after the read is then
            # a notice waiting on the socket, read before the kept value is used again.
            self.kept = value if watching else None
            return value

    def set(self, key: str, value: str, timeout=None) -> None:
        with self.lock:
            self.kept = None  # read again after our own write (its notice will come too)
        caches["default"].set(key, value, timeout)

    def add(self, key: str, value: str, timeout=None) -> bool:
        with self.lock:
            self.kept = None
        return caches["default"].add(key, value, timeout)

    def _watching(self) -> bool:
        """Whether the watch is on and every notice sent so far has been read (the kept value
        dropped if any came)."""
        if self.pid != os.getpid():  # a forked worker: the parent's socket is not its own
            self.connection, self.kept, self.pid = None, None, os.getpid()
        if self.connection is None and not self._opened():
            return False
        try:
            while self.connection.can_read(timeout=0):
                self.connection.read_response(push_request=True)
                self.kept = None
        except (RedisError, OSError):
            self._close()
            return False
        return True

    def _opened(self) -> bool:
        if self.clock() < self.retry_at:
            return False
        self.retry_at = self.clock() + RECONNECT_INTERVAL
        cache = caches["default"]
        prefix = cache.make_and_validate_key(self.key)
        try:
            pool = ConnectionPool.from_url(cache._servers[0], **_watch_options(cache))
            connection = pool.make_connection()
            connection.connect()
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix)
            connection.read_response()
        except (RedisError, OSError):
            return False
        self.connection, self.kept = connection, None
        return True

    def _close(self) -> None:
        connection, self.connection, self.kept = self.connection, None, None
        connection.disconnect()  # redis-py's own: a socket already gone is not an error


def _watch_options(cache) -> dict:
    """The cache's own connection options (timeouts, credentials), on RESP3: the notices come
    on the watching connection itself."""
    options = {
        name: value
        for name, value in cache._options.items()
        if name not in ("parser_class", "pool_class", "serializer")
    }
    return options | {"protocol": 3}


_watches: dict[tuple, WatchedVersion] = {}


@receiver(setting_changed)
def _forget_watches(setting: str, **kwargs) -> None:
    """Another cache configured (tests do): the watches of the old one are closed."""
    if setting == "CACHES":
        for watch in _watches.values():
            with watch.lock:
                if watch.connection is not None and watch.pid == os.getpid():
                    watch._close()
        _watches.clear()


def watched_version(key: str) -> WatchedVersion:
    """The one watch of `key` in the default cache as configured now (tests change it)."""
    cache = caches["default"]
    where = (tuple(cache._servers), cache.key_prefix, cache.version, key)
    if where not in _watches:
        _watches[where] = WatchedVersion(key)
    return _watches[where]
