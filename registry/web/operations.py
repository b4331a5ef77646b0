"""Health check and error pages.

A database that does not answer is an outage, not a bug: every page answers 503 with
`Retry-After` (our page on the site, the API's problem details (registry.web.problems) under
/api/ and /open-data/), not a 500. Django calls `error_500` for any uncaught exception, inside its
`except` block, so the exception is still at hand there.
"""

import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.access import Rule, access
from registry.web.problems import problem_response

RETRY_AFTER_SECONDS = 30
# Addresses whose clients read JSON, not pages.
_JSON_PREFIXES = ("/api/", "/open-data/")
_OUTAGES = (OperationalError, InterfaceError)


@never_cache
@access(Rule.PUBLIC)
def healthz(request):
    """Each dependency with its latency: 503 when the database is down (nothing works without
    it), `degraded` when only the cache or the job queue is (the register still answers)."""
    checks = {"database": _timed(_check_database), "cache": _timed(_check_cache)}
    if getattr(settings, "TASKS", None):
        checks["queue"] = _timed(_check_queue)
    if checks["database"]["status"] != "ok":
        status, code = "error", 503
    elif any(check["status"] != "ok" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        details = check() or {}
    except Exception as exc:  # any failure of a dependency is its status, never a 500 here
        outcome = {"status": "unavailable", "error": type(exc).__name__}
    else:
        outcome = {"status": "ok", **details}
    outcome["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = "healthz:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")


# A job due for longer than this means no worker takes jobs: e-mails and checks are waiting.
QUEUE_STALE_SECONDS = 15 * 60


def _check_queue() -> dict:
    """The job queue's figures (registry.tasks.queue_health); stale when no worker runs,
    degraded while a dead worker's job is running past its lease."""
    from registry.tasks import queue_health  # the queue's models load after the apps

    health = queue_health()
    if (health["oldest_waiting_seconds"] or 0) > QUEUE_STALE_SECONDS:
        raise RuntimeError("no worker has taken a job for a quarter of an hour")
    if health["jobs_past_lease"]:
        # A worker died in a job: the scheduler gives it back within a minute; until then (or
        # if no scheduler runs) the queue is degraded, with its figures.
        return {**health, "status": "degraded", "error": "jobs running past their lease"}
    return health


def wants_json(request) -> bool:
    return request.path.startswith(_JSON_PREFIXES)


def error_403(request, exception=None):
    if wants_json(request):
        return _json_error(_("You may not do this."), "permission_denied", 403)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if wants_json(request):
        return _json_error(_("Not found."), "not_found", 404)
    return render(request, "404.html", status=404)


def error_414(request):
    """The request target is longer than any this site serves (settings.MAX_REQUEST_TARGET)."""
    if wants_json(request):
        return _json_error(_("This address is too long."), "uri_too_long", 414)
    # Before the session and the language are read (the middleware's first step): no request.
    return HttpResponse(render_to_string("414.html"), status=414)


def error_500(request):
    if isinstance(sys.exc_info()[1], _OUTAGES):
        return database_unavailable(request)
    if wants_json(request):
        return _json_error(_("A server error occurred."), "server_error", 500)
    return render(request, "500.html", status=500)


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After, rendered without touching the database (no session, no user)."""
    if wants_json(request):
        response = _json_error(
            _("The registry is briefly unavailable: try again in a moment."),
            "service_unavailable",
            503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _json_error(message: str, code: str, status: int) -> HttpResponse:
    return problem_response(status, code, message)
