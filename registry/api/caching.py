"""HTTP caching of the public API: an ETag keyed on the register's version, public caching.

Every workflow commit bumps `registry.cache.register_version()`, so the ETag of every answer
changes the moment an account is suspended or closed: a client or proxy revalidating with
`If-None-Match` gets the new answer at once, and `Cache-Control: no-cache` makes them
revalidate (`registry.cache.patch_public_cache_control`). Computing the tag costs one cache read
and no database query.

The answers themselves are kept in Django's cache under the same version: the data of a
verdict (`cached_answer`; its `checked_at` is added per request), the rendered JSON of a list
(`cached_json`), so a rush on one link or one list costs no query, no serializer, no renderer.
"""

import hashlib

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from registry.cache import cached, patch_public_cache_control, register_version


def etag_for(request, language: str) -> str:
    """A strong ETag: the same register version, path, query and language give the same tag."""
    query = request.META.get("QUERY_STRING", "")
    key = "\n".join([register_version(), request.path, query, language])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def matches(request, etag: str) -> bool:
    """True when the client's If-None-Match names this ETag (or `*`)."""
    header = request.headers.get("If-None-Match", "")
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


def cached_answer(request, language: str, compute):
    """The data of an answer, cached under the register version, the language, the address the
    client used (answers hold absolute links) and the normalised query."""
    query = sorted(request.query_params.lists())
    parts = [language, request.build_absolute_uri(request.path), repr(query)]
    return cached("api", parts, compute)


def cached_json(request, language: str, compute, view) -> HttpResponse:
    """The answer rendered once by the negotiated renderer (JSON), then served as bytes."""
    renderer, media_type = request.accepted_renderer, request.accepted_media_type

    def render() -> bytes:
        return renderer.render(compute(), media_type, {"request": request, "view": view})

    body = cached_answer(request, f"{language}\n{media_type}", render)
    return HttpResponse(body, content_type=media_type)
