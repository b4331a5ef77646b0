"""Where the API's throttle keeps each client's window: its start and its number of requests.

The rule is the throttle's (registry.api.throttling); here is only how a request is counted in
the store that Django's default cache is. Two stores, one behaviour (tests/test_api_http.py runs
the window's tests on both):

- Redis, shared by every app server: one script counts the request, opens the window on its
  first request and answers the count and the start, atomically, in one round trip. Django's
  `incr` costs two (EXISTS, then INCRBY) and the start a third, on every API request.
- Any other cache (local memory, one server): Django's cache methods, `incr` atomic in it.
"""

from django.core.cache.backends.redis import RedisCache

# KEYS: the count, the start; ARGV: now (seconds, as text), the window (milliseconds).
COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
    return {count, ARGV[1]}
end
return {count, redis.call('GET', KEYS[2])}
"""


class WindowsInRedis:
    def __init__(self, cache: RedisCache, duration: int):
        self.cache = cache
        self.milliseconds = int(duration * 1000)
        # Django's client of the cache (the one its own methods use, with their pool and timeouts).
        self.client = cache._cache.get_client(write=True)

    def counted(self, key: str, now: float) -> int:
        """This request counted: the client's number of requests in its window."""
        count_key, start_key = self._keys(key)
        script = self.client.register_script(COUNT_IN_WINDOW)  # EVALSHA, EVAL if not loaded
        count, started = script(keys=[count_key, start_key], args=[repr(now), self.milliseconds])
        self._started = float(started) if started is not None else now  # same round trip
        return int(count)

    def started(self, key: str, now: float) -> float:
        """When the client's window began (after `counted`)."""
        return self._started

    def open(self, key: str, now: float) -> None:
        """A new window, opened by this request (its first)."""
        count_key, start_key = self._keys(key)
        pipeline = self.client.pipeline()
        pipeline.set(count_key, 1, px=self.milliseconds)
        pipeline.set(start_key, repr(now), px=self.milliseconds)
        pipeline.execute()

    def _keys(self, key: str) -> tuple[str, str]:
        made = self.cache.make_and_validate_key
        return made(f"{key}:count"), made(f"{key}:start")


class WindowsInCache:
    def __init__(self, cache, duration: int):
        self.cache = cache
        self.duration = duration

    def counted(self, key: str, now: float) -> int:
        return self._incremented(key, now)

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


def windows_in(cache, duration: int):
    """The windows of the throttle in `cache` (Django's default cache)."""
    if isinstance(cache, RedisCache):
        return WindowsInRedis(cache, duration)
    return WindowsInCache(cache, duration)
