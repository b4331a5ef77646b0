"""Errors for programs: RFC 9457 problem details, the one body of every JSON error (the API's,
the open-data files' and the error pages' under /api/ and /open-data/).

`type`, `title`, `status` and `detail` are the RFC's members; `error` (the message, as `detail`)
and `code` (stable, for programs) are the registry's own since API version 1 and stay. `type`
names the code's entry in the API documentation (`/api/docs/#error-<code>`).
"""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse

PROBLEM_JSON = "application/problem+json"


def problem(status: int, code: str, message: str, **extra) -> dict:
    """The problem details of one error; `extra` members (`fields`, `imitates`) are added."""
    return {
        "type": f"{settings.SITE_URL}/api/docs/#error-{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": message,
        "error": message,
        "code": code,
        **extra,
    }


def problem_response(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(problem(status, code, message), status=status, content_type=PROBLEM_JSON)
