"""What every view of the public API shares: access, methods, throttling, language, caching."""

from dataclasses import replace
from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from accounts.access import Rule
from registry.api.errors import InvalidQuery
from registry.api.language import request_language
from registry.api.serializers import ErrorSerializer
from registry.api.throttling import PublicRateThrottle
from registry.web.caching import Policy, public_answer, with_checked_at
from registry.web.problems import PROBLEM_JSON

JSON = "application/json"
RATE_POLICY = "per-client"  # the name of the API's one rate-limit policy
# What clients send when they want JSON (or nothing in particular): DRF picks JSON for them.
PLAIN_ACCEPT = {"", "*/*", JSON}

LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _label in settings.LANGUAGES],
    description="Language of ministry and service names (default: Accept-Language, then fr).",
)


def _language_or_none(request) -> str | None:
    """The answer's language, or None when DRF must refuse the one asked (a 400 of its own)."""
    try:
        return request_language(request)
    except InvalidQuery:
        return None


def _throttle_admits(request) -> bool:
    """Whether a 304 or an answer from memory may be given: to a client that asks for plain
    JSON (the ETag does not name the type: another Accept may be a 406), within DRF's own
    throttle (it reads only the address)."""
    return _asks_plain_json(request) and PublicRateThrottle().allow_request(request, None)


def _asks_plain_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "").strip()  # request.headers would parse them all
    return accept in PLAIN_ACCEPT and "format" not in request.GET


def _never(request) -> bool:
    return False


# The API's answers are nobody's own (no session is read), are throttled, and are kept as JSON.
API_ANSWERS = Policy(
    personal=_never,
    language=_language_or_none,
    admits=_throttle_admits,
    storable=_asks_plain_json,
)


def api_headers(view):
    """What every answer of the API says, a 304 and a kept answer included: that it varies with
    Accept (JSON, or a 406), and the client's rate limit as the IETF's RateLimit fields
    (draft-ietf-httpapi-ratelimit-headers): the policy always, the quota left when it is none
    (a 429; the counts are batched, registry.api.windows, so no exact number is told before)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        if response.status_code == 406:
            del response["ETag"]  # it names the JSON answer, which this is not
        throttle = PublicRateThrottle()
        if throttle.rate is not None:
            limit, window = throttle.parse_rate(throttle.rate)
            response["RateLimit-Policy"] = f'"{RATE_POLICY}";q={limit};w={window}'
        if response.status_code == 429 and response.has_header("Retry-After"):
            response["RateLimit"] = f'"{RATE_POLICY}";r=0;t={response["Retry-After"]}'
        return response

    return answer


class PublicAPIMixin:
    access_rule = Rule.PUBLIC
    http_method_names = ["get", "head", "options"]
    throttle_classes = [PublicRateThrottle]
    authentication_classes = []
    # Whether each answer carries the time of its request (`checked_at`, added to the kept
    # verdict by registry.web.caching: the verify API).
    stamped = False

    @classmethod
    def as_view(cls, **initkwargs):
        # Every answer goes through the one caching path (registry.web.caching): a kept answer or a
        # 304 is served before DRF's cycle, with DRF's own throttle and language rule.
        policy = replace(API_ANSWERS, stamp=with_checked_at) if cls.stamped else API_ANSWERS
        return api_headers(public_answer(super().as_view(**initkwargs), policy=policy))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling first
        self.language = request_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language

    def get_serializer_context(self):
        # APIView has no serializer context of its own; generic views add their view and format.
        parent = getattr(super(), "get_serializer_context", None)
        context = parent() if parent else {"request": self.request, "view": self}
        context["language"] = getattr(self, "language", None)
        return context


ERROR = ErrorSerializer


def api_schema(operation_id: str, success, *, not_found: bool = False, parameters=()):
    """Document a GET of the API: its success, and every other status it may answer."""
    errors = {
        400: "A query parameter is not valid.",
        405: "The API is read-only: GET, HEAD, OPTIONS.",
        406: "The Accept header asks for another type than JSON.",
        414: "The address (path and query) is longer than 32 KiB.",
        429: "Too many requests: wait Retry-After seconds.",
    }
    if not_found:
        errors[404] = "Not found."
    responses = {
        200: success,
        304: OpenApiResponse(description="Not modified: the If-None-Match ETag still holds."),
        **{
            (status, PROBLEM_JSON): OpenApiResponse(ERROR, description=text)
            for status, text in errors.items()
        },
    }
    return extend_schema(
        operation_id=operation_id, parameters=[*parameters, LANG_PARAMETER], responses=responses
    )
