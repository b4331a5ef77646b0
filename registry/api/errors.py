"""One error shape for the whole API: RFC 9457 problem details (`application/problem+json`,
registry.web.problems), with the registry's `{"error": "<message>", "code": "<code>"}` members.

A 400 on query parameters also names the fields it refuses, under `"fields"`. DRF's own handler
runs first, so a 429 keeps its `Retry-After` header and a 405 its `Allow` header.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from registry.web.problems import PROBLEM_JSON, problem


class InvalidQuery(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("A query parameter is not valid.")
    default_code = "invalid_query"

    def __init__(self, fields: dict | None = None, detail=None, code=None):
        super().__init__(detail, code)
        self.fields = fields or {}


def api_exception_handler(exc, context):
    if isinstance(exc, exceptions.ValidationError):
        exc = InvalidQuery(fields=exc.detail if isinstance(exc.detail, dict) else {})
    # Django's own 404 and 403 (an unknown ?format= raises Http404): their API equivalents.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django answers 500 and logs it
    code = getattr(exc, "default_code", "error")
    if isinstance(exc.detail, str):
        message, code = str(exc.detail), getattr(exc.detail, "code", None) or code
    else:
        message = str(exc.default_detail)
    extra = {}
    if isinstance(exc, InvalidQuery) and exc.fields:
        extra["fields"] = exc.fields
    if isinstance(exc, LookalikeURL):
        extra["imitates"] = exc.imitates
    response.data = problem(response.status_code, code, message, **extra)
    response.content_type = PROBLEM_JSON
    return response


class InvalidURL(exceptions.APIException):
    """The link parser refused the link: its message, meant for people, is the error."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This is not a link to an account.")
    default_code = "invalid_url"


class MissingURL(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Give the link to check in the url parameter.")
    default_code = "missing_url"


class LookalikeURL(InvalidURL):
    """The link's host imitates a platform: a warning, with the platform's slug in `imitates`."""

    default_code = "lookalike"

    def __init__(self, detail: str, *, imitates: str):
        super().__init__(detail)
        self.imitates = imitates
