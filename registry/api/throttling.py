"""The API's per-client throttle, in a module of its own: DRF imports it from its settings when
`rest_framework.views` loads, so it must not import the API's views, errors or serializers."""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from registry.api.windows import windows_in
from registry.web.caching import CACHE_ERRORS, health
from registry.web.client_address import client_address


class PublicRateThrottle(SimpleRateThrottle):
    """At most N requests per client (its address) in a window of the rate's period, which
    starts at the client's first request; then 429 with Retry-After until the window ends. The
    window's end is read from `timer` (DRF's clock), not left to the cache's expiry alone.

    DRF's own throttles keep each client's list of request times and read and rewrite it whole
    on every request: at 6,000 a minute, up to 6,000 times per request of a busy client. Here a
    client costs two keys (the window's start, its number of requests) at any rate, counted
    atomically; with Redis, a round trip every 64 requests of a client far from its limit, every
    request near it (registry.api.windows).
    """

    scope = "anon"

    @property
    def cache(self):
        # The default cache itself (DRF's is a proxy of it, which hides whether it is Redis).
        return caches["default"]

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
        windows = windows_in(self.cache, self.num_requests, self.duration)
        try:
            if windows.admits(key, now):
                return True
            started = windows.started(key, now)
            if now >= started + self.duration:  # the window is over, its keys not yet expired
                windows.open(key, now)
                return True
        except CACHE_ERRORS as error:  # the cache is down: nobody is counted, nobody refused
            health.failed(error)
            return True
        self.remaining = max(started + self.duration - now, 1)
        return False

    def wait(self):
        return getattr(self, "remaining", None)
