"""The benchmark's ceiling: the cheapest answer Django can give on this server.

`bench/run` measures every public endpoint as a share of this view's requests per second, served
by the same gunicorn in the same run. It is routed only when the BENCH_CEILING setting is on.
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import URLPattern, path

from accounts.access import Rule, access


@access(Rule.PUBLIC)
def ceiling(request):
    """A small constant JSON, with no database, template or cache behind it."""
    return JsonResponse({"ok": True})


def ceiling_patterns() -> list[URLPattern]:
    """The route of the ceiling when BENCH_CEILING is on; nothing otherwise."""
    if not settings.BENCH_CEILING:
        return []
    return [path("bench/ceiling", ceiling, name="bench-ceiling")]
