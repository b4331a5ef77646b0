"""The API's per-client throttle, in a module of its own: DRF imports it from its settings when
`rest_framework.views` loads, so it must not import the API's views, errors or serializers."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from registry.caching import CACHE_ERRORS, health
from registry.clients import client_address


class PublicRateThrottle(SimpleRateThrottle):
    """At most N requests per client (its address) in a window of the rate's period, which
    starts at the client's first request; then 429 with Retry-After until the window ends. The
    window's end is read from `timer` (DRF's clock), not left to the cache's expiry alone.

    DRF's own throttles keep each client's list of request times and read and rewrite it whole
    on every request: at 6,000 a minute, up to 6,000 times per request of a busy client. Here a
    client costs two counters (the window's start, its number of requests) at any rate, and
    `incr` counts atomically in Redis or in local memory.
    """

    scope = "anon"

    def get_rate(self):
        # Read on each request: DRF copies rates onto the class when it is imported, and tests
        # (and a reloaded configuration) change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        # The API has no authentication: every client is anonymous, known by its address.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request) -> str:
        # The one rule for the client's address, shared with sign-in lockout and reports.
        return client_address(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        now = self.timer()
        try:
            if self._counted(key, now) <= self.num_requests:
                return True
            started = self.cache.get(f"{key}:start", now)
            if now >= started + self.duration:  # the window is over, its keys not yet expired
                self._open_window(key, now)
                return True
        except CACHE_ERRORS as error:  # the cache is down: nobody is counted, nobody refused
            health.failed(error)
            return True
        self.remaining = max(started + self.duration - now, 1)
        return False

    def _open_window(self, key: str, now: float) -> None:
        """A new window, opened by this request (its first)."""
        self.cache.set(f"{key}:start", now, self.duration)
        self.cache.set(f"{key}:count", 1, self.duration)

    def _counted(self, key: str, now: float) -> int:
        """This request counted in the client's window, opened by it if there is none."""
        try:
            return self.cache.incr(f"{key}:count")  # one cache operation while a window is open
        except ValueError:  # none: open one (`add` keeps a window another worker just opened)
            self.cache.add(f"{key}:start", now, self.duration)
            self.cache.add(f"{key}:count", 0, self.duration)
        try:
            return self.cache.incr(f"{key}:count")
        except ValueError:  # that window closed in between: this request is the first of the next
            self.cache.set(f"{key}:count", 1, self.duration)
            return 1

    def wait(self):
        return getattr(self, "remaining", None)
