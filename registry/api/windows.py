"""Where the API's throttle keeps each client's window: its start and its number of requests.

The rule is the throttle's (registry.api.throttling): at most `limit` requests per client in a
window that opens with its first request. Here is how requests are counted in the store that
Django's default cache is; both stores admit exactly the same requests of a client served by one
process (tests/test_api_http.py runs the window's tests on both):

- Any cache but Redis (local memory, one server): Django's cache methods, `incr` atomic in it.
- Redis, shared by every app server: a process reserves requests in the client's window, in one
  round trip (a script that adds them to the count, opens the window on its first request, and
  answers the count and the window's start), then admits the reserved ones from its memory. A
  reservation is never more than 1/LEASE_SHARE of what the window has left, nor more than
  LEASE_SHARE requests: a client far from its limit costs a round trip every 64 requests, and
  near its limit every request is counted in Redis. Every request admitted was counted in Redis
  first, so no client gets more than its limit across all servers; requests reserved by one
  process and not used by the end of the window are lost to that client (at most 1/64 of what
  was left, per process).
"""

import threading
import weakref
from dataclasses import dataclass

from django.core.cache.backends.redis import RedisCache
from redis import Redis

# KEYS: the count, the start; ARGV: how many requests, now (seconds, as text), the window (ms).
RESERVE_IN_WINDOW = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
    return {count, ARGV[2]}
end
return {count, redis.call('GET', KEYS[2])}
"""
LEASE_SHARE = 64
MAX_LEASES = 10_000  # clients whose reserved requests a process keeps; then it starts afresh


@dataclass
class Lease:
    """Requests of one client's window that this process reserved in Redis and not yet used."""

    started: float  # the window's start
    left: int  # reserved, not yet admitted
    count: int  # the client's count in Redis when they were reserved


# Per process, shared by its threads: the client's count key (with the limit and the window's
# length, which tests change) -> its lease.
_leases: dict[tuple, Lease] = {}
_leases_lock = threading.Lock()
# One client and script per connection pool of Django's cache: Django's `get_client` builds a
# redis-py client on every call (its table of 170 reply callbacks included), which costs more
# than the round trip itself.
_scripts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class WindowsInRedis:
    def __init__(self, cache: RedisCache, limit: int, duration: int):
        self.cache = cache
        self.limit, self.duration = limit, duration
        pool = cache._cache._get_connection_pool(write=True)  # the pool Django's writes use
        if pool not in _scripts:
            client = Redis(connection_pool=pool)
            _scripts[pool] = (client, client.register_script(RESERVE_IN_WINDOW))
        self.client, self.script = _scripts[pool]

    def admits(self, key: str, now: float) -> bool:
        """This request counted; whether it is within the client's limit."""
        count_key, start_key = self._keys(key)
        lease_key = (count_key, self.limit, self.duration)
        with _leases_lock:
            lease = _leases.get(lease_key)
            if lease and lease.left and now < lease.started + self.duration:
                lease.left -= 1
                return True
        current = lease is not None and now < lease.started + self.duration
        wanted = self._lease_size(lease.count if current else 0)
        count, started = self._reserve(count_key, start_key, wanted, now)
        granted = wanted - max(0, count - self.limit)  # those beyond the limit are refused
        with _leases_lock:
            if len(_leases) >= MAX_LEASES:
                _leases.clear()
            _leases[lease_key] = Lease(started, max(granted - 1, 0), count)
        self._started = started
        return granted > 0

    def started(self, key: str, now: float) -> float:
        """When the client's window began (after `admits`)."""
        return self._started

    def open(self, key: str, now: float) -> None:
        """A new window, opened by this request (its first)."""
        count_key, start_key = self._keys(key)
        milliseconds = int(self.duration * 1000)
        pipeline = self.client.pipeline()
        pipeline.set(count_key, 1, px=milliseconds)
        pipeline.set(start_key, repr(now), px=milliseconds)
        pipeline.execute()
        with _leases_lock:
            _leases.pop((count_key, self.limit, self.duration), None)

    def _lease_size(self, last_count: int) -> int:
        return max(1, min(LEASE_SHARE, (self.limit - last_count) // LEASE_SHARE))

    def _reserve(self, count_key, start_key, wanted: int, now: float) -> tuple[int, float]:
        milliseconds = int(self.duration * 1000)
        count, started = self.script(
            keys=[count_key, start_key], args=[wanted, repr(now), milliseconds]
        )
        return int(count), float(started) if started is not None else now

    def _keys(self, key: str) -> tuple[str, str]:
        made = self.cache.make_and_validate_key
        return made(f"{key}:count"), made(f"{key}:start")


class WindowsInCache:
    def __init__(self, cache, limit: int, duration: int):
        self.cache = cache
        self.limit, self.duration = limit, duration

    def admits(self, key: str, now: float) -> bool:
        return self._incremented(key, now) <= self.limit

    def started(self, key: str, now: float) -> float:
        return self.cache.get(f"{key}:start", now)

    def open(self, key: str, now: float) -> None:
        self.cache.set(f"{key}:start", now, self.duration)
        self.cache.set(f"{key}:count", 1, self.duration)

    def _incremented(self, key: str, now: float) -> int:
        try:
            return self.cache.incr(f"{key}:count")  # one operation while a window is open
        except ValueError:  # none: open one (`add` keeps a window another worker just opened)
            self.cache.add(f"{key}:start", now, self.duration)
            self.cache.add(f"{key}:count", 0, self.duration)
        try:
            return self.cache.incr(f"{key}:count")
        except ValueError:  # that window closed in between: this request is the first of the next
            self.cache.set(f"{key}:count", 1, self.duration)
            return 1


def windows_in(cache, limit: int, duration: int):
    """The windows of the throttle (`limit` requests per `duration` seconds) in `cache`."""
    if isinstance(cache, RedisCache):
        return WindowsInRedis(cache, limit, duration)
    return WindowsInCache(cache, limit, duration)
