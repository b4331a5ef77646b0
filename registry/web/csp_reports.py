"""Where browsers report what the Content-Security-Policy blocked: `/csp-report`, named by the
policy's `report-to` (the Reporting API, `Reporting-Endpoints` header) and `report-uri` (older
browsers). Each report is one warning in the log, its addresses redacted; nothing is stored.

Anyone may post here, so a report is read within MAX_BODY bytes, at most MAX_REPORTS of one
request are logged, and a worker logs at most LOG_PER_MINUTE of them a minute.
"""

import json
import logging
import time

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import Rule, access
from registry.web.log_redaction import redact
from registry.web.problems import problem_response

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024
MAX_REPORTS = 10
LOG_PER_MINUTE = 60
_logged = {"minute": 0, "count": 0}


@csrf_exempt
@require_POST
@access(Rule.PUBLIC)
def csp_report(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return problem_response(413, "too_large", "A report is at most 64 KiB.")
    try:
        reports = violations(json.loads(request.body or b"null"))
    except ValueError:
        return problem_response(400, "invalid_report", "This is not a CSP violation report.")
    for report in reports[:MAX_REPORTS]:
        if _may_log():
            log.warning(
                "CSP blocked %s (%s) on %s",
                redact(str(report.get("blocked", ""))[:300]),
                str(report.get("directive", ""))[:100],
                redact(str(report.get("document", ""))[:300]),
            )
    return HttpResponse(status=204)


def violations(data) -> list[dict]:
    """The reports of either format: `application/reports+json` (a list of reports of type
    `csp-violation`) or `application/csp-report` (one `{"csp-report": {...}}`)."""
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        body = data["csp-report"]
        return [_said(body, "blocked-uri", "effective-directive", "document-uri")]
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return [
            _said(item["body"], "blockedURL", "effectiveDirective", "documentURL")
            for item in data
            if item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    raise ValueError("not a report")


def _said(body: dict, blocked: str, directive: str, document: str) -> dict:
    return {
        "blocked": body.get(blocked),
        "directive": body.get(directive),
        "document": body.get(document),
    }


def _may_log() -> bool:
    minute = int(time.monotonic() // 60)
    if _logged["minute"] != minute:
        _logged.update(minute=minute, count=0)
    _logged["count"] += 1
    return _logged["count"] <= LOG_PER_MINUTE
