"""What every view of the public API shares: access, methods, throttling, language, caching."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from accounts.access import Rule
from registry.api import caching
from registry.api.errors import NotModified
from registry.api.hot_path import cached_response
from registry.api.language import request_language
from registry.api.serializers import ErrorSerializer
from registry.api.throttling import PublicRateThrottle

LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _label in settings.LANGUAGES],
    description="Language of ministry and service names (default: Accept-Language, then fr).",
)


class PublicAPIMixin:
    access_rule = Rule.PUBLIC
    http_method_names = ["get", "head", "options"]
    throttle_classes = [PublicRateThrottle]
    authentication_classes = []
    # Whether each answer carries the time of its request (`checked_at`: the verify API).
    stamped = False

    def dispatch(self, request, *args, **kwargs):
        # An answer already cached is served without DRF's cycle (registry.api.hot_path).
        return cached_response(self, request) or super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling first: a 304 is still a request
        self.language = request_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language
        if request.method in ("GET", "HEAD"):
            self.etag = caching.etag_for(request, self.language)
            if caching.matches(request, self.etag):
                raise NotModified

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        caching.add_headers(response, getattr(self, "etag", None))
        return response

    def get_serializer_context(self):
        # APIView has no serializer context of its own; generic views add their view and format.
        parent = getattr(super(), "get_serializer_context", None)
        context = parent() if parent else {"request": self.request, "view": self}
        context["language"] = getattr(self, "language", None)
        return context


ERROR = ErrorSerializer


def api_schema(operation_id: str, success, *, not_found: bool = False, parameters=()):
    """Document a GET of the API: its success, and every other status it may answer."""
    responses = {
        200: success,
        304: OpenApiResponse(description="Not modified: the If-None-Match ETag still holds."),
        400: OpenApiResponse(ERROR, description="A query parameter is not valid."),
        405: OpenApiResponse(ERROR, description="The API is read-only: GET, HEAD, OPTIONS."),
        429: OpenApiResponse(ERROR, description="Too many requests: wait Retry-After seconds."),
    }
    if not_found:
        responses[404] = OpenApiResponse(ERROR, description="Not found.")
    return extend_schema(
        operation_id=operation_id, parameters=[*parameters, LANG_PARAMETER], responses=responses
    )
