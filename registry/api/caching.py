"""HTTP caching of the public API: an ETag keyed on the register's version, public caching.

Every workflow commit bumps `registry.cache.register_version()`, so the ETag of every answer
changes the moment an account is suspended or closed: a client or proxy revalidating with
`If-None-Match` gets the new answer at once, and `Cache-Control: no-cache` makes them
revalidate (`registry.cache.patch_public_cache_control`). Computing the tag costs one cache read
and no database query.

The answers themselves are kept under the same version, rendered (`cached_json`; a verdict's
`checked_at` is added per request), so a rush on one link or one list costs no query, no
serializer, no renderer; `registry.api.hot_path` serves them before DRF's request cycle.
"""

import hashlib
import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from registry.cache import cached, patch_public_cache_control, register_version


def etag_for(request, language: str) -> str:
    """A strong ETag: the same register version, path, query and language give the same tag."""
    query = request.META.get("QUERY_STRING", "")
    key = "\n".join([register_version(), request.path, query, language])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def matches(request, etag: str) -> bool:
    """True when the client's If-None-Match names this ETag (or `*`)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return etag in tags or "*" in tags


def add_headers(response, etag: str | None) -> None:
    """ETag and public caching on every answer, except a 429 that no proxy may keep for others."""
    patch_vary_headers(response, ["Accept-Language"])
    if response.status_code == 429:
        patch_cache_control(response, no_store=True)
        return
    if etag:
        response["ETag"] = etag
    patch_public_cache_control(response)


def answer_parts(request, language: str, media_type: str) -> list[str]:
    """What an answer depends on besides the register version: the language, the media type, the
    address the client used (answers hold absolute links) and the normalised query. `request`
    may be Django's or DRF's (both have GET)."""
    query = sorted(request.GET.lists())
    return [language, media_type, request.build_absolute_uri(request.path), repr(query)]


def cached_json(request, language: str, compute, view) -> HttpResponse:
    """The answer rendered once by the negotiated renderer (JSON), then served as bytes; for a
    `stamped` view, with the time of each request added (`with_checked_at`)."""
    renderer, media_type = request.accepted_renderer, request.accepted_media_type

    def render() -> bytes:
        return renderer.render(compute(), media_type, {"request": request, "view": view})

    parts = answer_parts(request, language, media_type)
    body = cached("api", parts, render)
    return HttpResponse(with_checked_at(body) if view.stamped else body, content_type=media_type)


def with_checked_at(rendered: bytes) -> bytes:
    """A rendered JSON object with `checked_at`, the time of this request, as its last member:
    a verdict is cached, the moment it is given is not."""
    stamp = json.dumps(timezone.now().isoformat()).encode()
    return rendered.rstrip()[:-1] + b',"checked_at":' + stamp + b"}"
