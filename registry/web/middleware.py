"""A request id on every request, its response and every log line written while it runs; the
request target's length limit; the Permissions-Policy and Reporting-Endpoints headers; private
answers never stored by a shared cache."""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.utils.cache import patch_cache_control, patch_vary_headers

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
            from registry.web.operations import error_414  # the error pages import the access rules

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


class PrivateAnswersMiddleware:
    """`Cache-Control: private, no-store` and `Vary: Cookie` on every answer that is not the
    same for everybody: any answer to a signed-in request (or one that signs a person in), and
    any answer of a view that is not public (the workspace, the review, the admin, a person's
    own pages), to anybody. A shared cache (a proxy, a CDN) then never keeps a person's page
    for the next visitor, and a browser never writes it to disk.

    Where the answer is a public one that carries an ETag (an open-data file, a cached page
    answered to a signed-in person), `private, no-cache` instead: the browser may keep it and
    revalidate it, a shared cache still may not. The public answers to anonymous visitors keep
    the caching registry/web/caching.py gives them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public_view = _is_public_view(request)
        if public_view and not _is_personal(request, response):
            return response
        if public_view and response.has_header("ETag"):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
        return response


def _is_public_view(request) -> bool:
    """Whether the view that answered declares Rule.PUBLIC; an answer no view gave (a redirect
    to the language prefix, a 404) counts as public."""
    from accounts.access import Rule, rule_of  # the logging setup imports this module early

    match = getattr(request, "resolver_match", None)
    if match is None:
        return True
    if "admin" in match.namespaces:
        return False
    return rule_of(match.func) == Rule.PUBLIC


def _is_personal(request, response) -> bool:
    """A request of a signed-in person (only a session signs a person in), or an answer that
    sets the session (a sign-in)."""
    name = settings.SESSION_COOKIE_NAME
    return name in request.COOKIES or name in response.cookies
