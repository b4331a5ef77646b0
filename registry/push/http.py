"""The one POST of the registry to a subscriber: the watch's address checks, our own caps.

The subscriber's address is text an outsider chose, so the same rules as the watch's safe fetcher
(registry/watch/fetch.py) apply, through its public `public_address()`: http(s) only, every
address the host resolves to public (loopback only with WATCH_ALLOW_PRIVATE_ADDRESSES), the
connection pinned to the checked address. Then: no redirect is followed (a 3xx is a failure),
a connect timeout and a total deadline (`PUSH_TIMEOUT`) enforced by a watchdog that shuts the
socket, and at most `PUSH_MAX_ANSWER_BYTES` of the answer read.
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from registry.watch.fetch import FetchError, public_address


@dataclass
class Answer:
    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def describe(self) -> str:
        text = self.body.decode("utf-8", errors="replace").strip()
        return f"HTTP {self.status}" + (f": {text[:500]}" if text else "")


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = self.raw_sock = socket.create_connection(
            (self.address, self.port), self.timeout
        )


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.raw_sock = sock
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url` once; raises FetchError (refused, unreachable, timeout) when no
    answer came. Any answer is returned, 3xx included: the caller decides it failed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("refused", f"not an http(s) address: {parts.scheme or '?'}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = public_address(parts.hostname, port)
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    conn = kind(parts.hostname, port, address=address, timeout=settings.WATCH_CONNECT_TIMEOUT)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + settings.PUSH_TIMEOUT
    watchdog = threading.Timer(settings.PUSH_TIMEOUT, _cut, [conn])
    watchdog.start()
    try:
        conn.request(
            "POST", path, body=body, headers={"User-Agent": settings.WATCH_USER_AGENT, **headers}
        )
        response = conn.getresponse()
        answer = Answer(response.status, response.read(settings.PUSH_MAX_ANSWER_BYTES))
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline or isinstance(exc, TimeoutError):
            raise FetchError("timeout", f"no answer within {settings.PUSH_TIMEOUT} s") from exc
        raise FetchError("unreachable", str(exc) or type(exc).__name__) from exc
    finally:
        watchdog.cancel()
        conn.close()
    if time.monotonic() >= deadline:
        raise FetchError("timeout", f"no answer within {settings.PUSH_TIMEOUT} s")
    return answer


def _cut(conn) -> None:
    sock = getattr(conn, "raw_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
