"""Answers already in the cache, served before DRF's request cycle.

When a fake account goes viral, the same few links are checked thousands of times a minute.
Their verdicts, like every answer of the public API, are in each worker's cache under the
register version (`registry.api.caching.cached_json`); for those, DRF's cycle (request
wrapping, content negotiation, Response finalizing) costs more than the answer itself.
`PublicAPIMixin.dispatch` asks `cached_response` first: it answers a GET or HEAD whose answer is
cached under the current version (or whose ETag the client already holds), with the same
throttle, headers and body as DRF would, and returns None for anything else (an answer not
computed yet under this version, an error, a throttled client, another method, an Accept header
other than plain JSON), which DRF then answers in full. tests/test_api_hot_path.py checks that
both paths give the same answers.
"""

from django.http import HttpResponse
from django.utils import translation

from registry.api import caching
from registry.api.errors import InvalidQuery
from registry.api.language import request_language
from registry.api.throttling import PublicRateThrottle
from registry.cache import answers, key_for

JSON = "application/json"
# What clients send when they want JSON (or nothing in particular): DRF would pick JSON too.
PLAIN_ACCEPT = {"", "*/*", JSON}


def cached_response(view, request) -> HttpResponse | None:
    """The answer to `request` if it is cached and the client may have it, else None."""
    if request.method not in ("GET", "HEAD") or not _asks_plain_json(request):
        return None
    try:
        language = request_language(request)
    except InvalidQuery:
        return None  # DRF answers the 400
    etag = caching.etag_for(request, language)
    answer = None
    if not caching.matches(request, etag):
        parts = caching.answer_parts(request, language, JSON)
        answer = answers().get(key_for("api", *parts))
        if answer is None:
            return None
    if not PublicRateThrottle().allow_request(request, view):  # it reads only the address
        return None  # DRF refuses it again (a refusal is not counted) and answers the 429
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if answer is None:
        response = HttpResponse(status=304, content_type=JSON)
    else:
        body = caching.with_checked_at(answer) if view.stamped else answer
        response = HttpResponse(body, content_type=JSON)
    response["Allow"] = ", ".join(view.allowed_methods)
    caching.add_headers(response, etag)
    return response


def _asks_plain_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "").strip()  # request.headers would parse them all
    return accept in PLAIN_ACCEPT and "format" not in request.GET
