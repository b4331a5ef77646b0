"""A request id on every request, its response and every log line written while it runs; the
request target's length limit; the Permissions-Policy and Reporting-Endpoints headers."""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.core.signals import request_finished

_request_id = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it is well-formed, otherwise makes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the request is finished: Django logs a 4xx/5xx response after the
        # middleware chain has returned, and that line must carry the id too.
        _request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget_request_id(**kwargs) -> None:
    _request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="registry.forget_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestTargetLimitMiddleware:
    """A request target (path and query) longer than settings.MAX_REQUEST_TARGET gets the
    site's 414: a problem document under /api/ and /open-data/, a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = len(request.META.get("PATH_INFO", "").encode()) + len(
            request.META.get("QUERY_STRING", "")
        )
        if length > settings.MAX_REQUEST_TARGET:
            from registry.operations import error_414  # the error pages import the access rules

            return error_414(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header of settings.PERMISSIONS_POLICY on every response, and the
    Reporting-Endpoints that the Content-Security-Policy's `report-to` names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Reporting-Endpoints", settings.REPORTING_ENDPOINTS)
        return response
