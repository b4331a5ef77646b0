"""The benchmark's routes: the ceiling, and a way to empty the answer caches.

`bench/run` measures every public endpoint as a share of the ceiling's requests per second,
served by the same gunicorn in the same run; `bench/run --cold` posts to `forget-answers` before
each request, to time the first, uncached answer. Both are routed only when the BENCH_CEILING
setting is on: never in production.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry.public_changes import register_changed


@access(Rule.PUBLIC)
def ceiling(request):
    """A small constant JSON, with no database, template or cache behind it."""
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
@access(Rule.PUBLIC)
def forget_answers(request):
    """A new register version: every worker of every server computes its next answers afresh,
    as after a change to the register."""
    with transaction.atomic():
        register_changed()
    return HttpResponse(status=204)


def ceiling_patterns() -> list[URLPattern]:
    """The benchmark's routes when BENCH_CEILING is on; nothing otherwise."""
    if not settings.BENCH_CEILING:
        return []
    return [
        path("bench/ceiling", ceiling, name="bench-ceiling"),
        path("bench/forget-answers", forget_answers, name="bench-forget-answers"),
    ]
