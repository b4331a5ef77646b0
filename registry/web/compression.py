"""Compression of the answers that carry no secret: brotli where the client accepts it, else gzip.

Compressing a page that holds a secret (a CSRF token, a signed-in person's data) next to text an
attacker can choose (a search term, a link to verify) lets that attacker read the secret back
from the compressed sizes (BREACH). So the decision is taken here, once per response, from what
the response is rather than from its address:

- a response that used the CSRF token (a form: sign-in, the report form, any workspace page) is
  sent as it is;
- so is any response to a signed-in person (their name is in the header, their ministry's
  entries in the page) and any response that sets a cookie;
- everything else (public pages, the API, open data, the feed, the sitemap) is compressed.
"""

import re

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_sequence, compress_string

# A body shorter than this fits in one packet (an Ethernet frame holds 1,460 bytes of TCP data,
# less the response's headers) compressed or not: compressing it saves the client nothing and
# costs the server a compression per request (the verify API's answers, ~700 bytes, are stamped
# with the time of each request, so they cannot be kept compressed).
MIN_LENGTH = 1200
BROTLI_QUALITY = 5  # 11, the default, costs ten times the time for a few percent on a page
_CODING = re.compile(r"^\s*([A-Za-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def accepted_codings(header: str) -> set[str]:
    """The codings an Accept-Encoding header accepts (`q=0` refuses one)."""
    accepted = set()
    for part in header.split(","):
        match = _CODING.match(part)
        if not match:
            continue
        name, quality = match.group(1).lower(), match.group(2)
        try:
            if quality is None or float(quality) > 0:
                accepted.add(name)
        except ValueError:
            continue
    return accepted


def carries_a_secret(request, response) -> bool:
    """True when the response may hold something an attacker must not read (see above)."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    if response.cookies:
        return True
    # Only a session signs a person in: without its cookie nobody is (and the user, never read
    # by a public answer, is not loaded just to learn it).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return getattr(getattr(request, "user", None), "is_authenticated", False)


class CompressionMiddleware:
    """Brotli or gzip for the responses that carry no secret; the others are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self._worth_compressing(response) or carries_a_secret(request, response):
            return response
        # The same address may be answered compressed or not: caches must tell them apart.
        patch_vary_headers(response, ("Accept-Encoding",))
        coding = preferred_coding(request)
        if coding is None:
            return response
        return _compressed(response, coding)

    @staticmethod
    def _worth_compressing(response) -> bool:
        if response.has_header("Content-Encoding") or response.status_code in (204, 304):
            return False
        return response.streaming or len(response.content) >= MIN_LENGTH


def preferred_coding(request) -> str | None:
    """The coding this client is answered in: brotli, else gzip, else none."""
    codings = accepted_codings(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    return "br" if "br" in codings else "gzip" if {"gzip", "*"} & codings else None


def compressed_body(body: bytes, coding: str) -> bytes | None:
    """`body` in `coding`; None when that would not make it smaller."""
    if len(body) < MIN_LENGTH:
        return None
    smaller = (
        brotli.compress(body, quality=BROTLI_QUALITY)
        if coding == "br"
        else compress_string(body, max_random_bytes=100)
    )
    return smaller if len(smaller) < len(body) else None


def send_compressed(response, body: bytes, coding: str):
    """`response` carrying `body`, already in `coding` (registry.web.caching keeps it so)."""
    response.content = body
    response.headers["Content-Length"] = str(len(body))
    patch_vary_headers(response, ("Accept-Encoding",))
    return _marked(response, coding)


def _compressed(response, coding: str):
    if response.streaming:
        chunks = response.streaming_content
        response.streaming_content = (
            _brotli_sequence(chunks) if coding == "br" else compress_sequence(chunks)
        )
        del response.headers["Content-Length"]
        return _marked(response, coding)
    smaller = compressed_body(response.content, coding)
    if smaller is None:
        return response
    response.content = smaller
    response.headers["Content-Length"] = str(len(smaller))
    return _marked(response, coding)


def _marked(response, coding: str):
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag  # the bytes differ from the uncompressed answer
    response.headers["Content-Encoding"] = coding
    return response


def _brotli_sequence(chunks):
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        # Flushed at each chunk: every chunk of rows reaches the client as soon as it is made.
        data = compressor.process(chunk) + compressor.flush()
        if data:
            yield data
    yield compressor.finish()
