"""The one safe fetcher of the watch: every request to a platform goes through `fetch()`.

A profile link is text a stranger can influence, so the fetcher trusts nothing it is given:

- only http and https;
- the host is resolved once, every address it resolves to must be public (registry.watch.addresses:
  no loopback, private, link-local, multicast or reserved range, no IPv6 form leading to such an
  IPv4 address) unless `WATCH_ALLOW_PRIVATE_ADDRESSES` is on, and the connection goes to that
  checked address (a second DNS answer cannot rebind it);
- a connect timeout, and a total deadline for the whole answer enforced by a watchdog that closes
  the socket (a server that drips one byte a second is cut off);
- at most `WATCH_MAX_BYTES` of body;
- redirects only on the same scheme, host and port, at most three;
- a User-Agent that names the registry and its contact.

Any failure raises `FetchError` with a `kind` the watch records; a 429's Retry-After and a 5xx
are failures too (worth retrying later). Other statuses (200, 404, 400…) are answers: the
adapter decides what they mean.
"""

import contextlib
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from registry.watch.addresses import is_public

MAX_REDIRECTS = 3


class FetchError(Exception):
    """The platform could not be asked, or answered with a failure. `kind` names which."""

    def __init__(self, kind: str, detail: str = "", *, retry_after: int | None = None):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind  # refused, unreachable, timeout, too_big, redirect, rate_limited,
        self.detail = detail  # server_error, bad_answer
        self.retry_after = retry_after


@dataclass
class Answer:
    status: int
    url: str
    body: bytes
    headers: dict = field(default_factory=dict)  # lower-case names

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        """The body as JSON; an HTML error page or garbage is a `bad_answer`."""
        try:
            return json.loads(self.body)
        except ValueError as exc:
            kind = self.headers.get("content-type", "?")
            raise FetchError("bad_answer", f"not JSON ({kind}, {len(self.body)} bytes)") from exc


def fetch(url: str, *, accept: str = "application/json", headers: dict | None = None) -> Answer:
    """GET `url` safely; follows same-host redirects only."""
    deadline = time.monotonic() + settings.WATCH_TOTAL_TIMEOUT
    for _hop in range(MAX_REDIRECTS + 1):
        answer = _get_once(url, accept=accept, headers=headers or {}, deadline=deadline)
        if answer.status not in (301, 302, 303, 307, 308):
            return _checked(answer)
        target = urljoin(url, answer.headers.get("location", ""))
        if _origin(target) != _origin(url):
            raise FetchError("redirect", f"to another host: {_origin(target)[1]}")
        url = target
    raise FetchError("redirect", "too many redirects")


def _checked(answer: Answer) -> Answer:
    if answer.status == 429:
        raise FetchError("rate_limited", "429", retry_after=_retry_after(answer.headers))
    if answer.status == 403 and answer.headers.get("x-ratelimit-remaining") == "0":
        # GitHub's answer once the hour's keyless requests are spent: a limit, not a bad answer
        raise FetchError("rate_limited", "403", retry_after=_retry_after(answer.headers))
    if answer.status >= 500:
        raise FetchError("server_error", str(answer.status))
    return answer


def _retry_after(headers: dict) -> int | None:
    """How long the platform asks clients to wait: Retry-After, else X-RateLimit-Reset (the
    moment, in Unix seconds, the limit resets)."""
    wait = _seconds(headers.get("retry-after"))
    if wait is None and headers.get("x-ratelimit-reset", "").strip().isdigit():
        wait = max(0, min(int(headers["x-ratelimit-reset"]) - int(time.time()), 86400))
    return wait


def _seconds(value: str | None) -> int | None:
    try:
        return max(0, min(int((value or "").strip()), 86400))
    except ValueError:
        return None  # an HTTP date or garbage: the usual backoff applies


def _origin(url: str) -> tuple:
    parts = urlsplit(url)
    return (parts.scheme, (parts.hostname or "").lower(), parts.port)


def public_address(host: str, port: int) -> str:
    """The address to connect to: resolved once, refused unless every answer is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("unreachable", f"cannot resolve {host}") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError("unreachable", f"no address for {host}")
    if not settings.WATCH_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not is_public(address):
                raise FetchError("refused", f"{host} resolves to a non-public address")
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = self.raw_sock = socket.create_connection(
            (self._address, self.port), self.timeout
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self.raw_sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _get_once(url: str, *, accept: str, headers: dict, deadline: float) -> Answer:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("refused", f"not an http(s) address: {parts.scheme or '?'}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = public_address(parts.hostname, port)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    conn = kind(parts.hostname, port, address=address, timeout=settings.WATCH_CONNECT_TIMEOUT)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = {"User-Agent": settings.WATCH_USER_AGENT, "Accept": accept, **headers}
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, [conn])
    watchdog.start()
    try:
        conn.request("GET", path, headers=request_headers)
        response = conn.getresponse()
        body = _read_capped(response, deadline)
        found = {name.lower(): value for name, value in response.getheaders()}
        return Answer(status=response.status, url=url, body=body, headers=found)
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline or isinstance(exc, TimeoutError):
            raise FetchError("timeout", f"no full answer within the time allowed: {exc}") from exc
        raise FetchError("unreachable", str(exc) or type(exc).__name__) from exc
    finally:
        watchdog.cancel()
        conn.close()


def _cut(conn) -> None:
    """The deadline passed: shut the socket under the reader, which then fails. (The connection
    may have handed its socket to the response already: the raw one is kept for this.)"""
    sock = getattr(conn, "raw_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _read_capped(response, deadline: float) -> bytes:
    declared = response.getheader("content-length")
    if declared and declared.isdigit() and int(declared) > settings.WATCH_MAX_BYTES:
        raise FetchError("too_big", f"{declared} bytes announced")
    chunks, size = [], 0
    while True:
        chunk = response.read(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > settings.WATCH_MAX_BYTES:
            raise FetchError("too_big", f"more than {settings.WATCH_MAX_BYTES} bytes")
        chunks.append(chunk)
        if time.monotonic() >= deadline:
            raise FetchError("timeout", "the answer took longer than allowed")
    if time.monotonic() >= deadline:
        raise FetchError("timeout", "the answer took longer than allowed")
    return b"".join(chunks)
