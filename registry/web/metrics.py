"""Prometheus metrics at `/metrics` (text exposition format), for the State's monitoring.

- Requests: `registry_http_requests_total{route,method,status}` and the latency histogram
  `registry_http_request_duration_seconds{route}`, counted by MetricsMiddleware in each process.
  Under gunicorn, with PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py), every worker writes its
  counts there and a scrape adds them up (prometheus-client's multiprocess mode); without it
  (`make run`, tests) the process's own registry is read.
- The register, the job queue, the e-mails and the watch: gauges read from the database at
  each scrape (RegisterCollector), so they are the same whichever worker answers.

Who may read it: the addresses of METRICS_ALLOWED_ADDRESSES (the scraper reaches the server
directly: REMOTE_ADDR, never a forwarded header), or a request with `Authorization: Bearer
<METRICS_TOKEN>`; anyone else gets a 404 (accounts.access, Rule.METRICS).
"""

import logging
import os
import time

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from accounts.access import Rule, access

request_log = logging.getLogger("registry.requests")
REQUESTS = Counter(
    "registry_http_requests_total", "HTTP requests answered.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "registry_http_request_duration_seconds",
    "Time to answer a request, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    """Counts and times every request by its route (the URL name, never the path: a path names
    an entry or carries a token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name if match else "") or "unmatched"
        duration = time.perf_counter() - started
        REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        LATENCY.labels(route).observe(duration)
        request_log.info(
            "%s %s %s %.1fms",
            request.method,
            route,
            response.status_code,
            duration * 1000,
            extra={
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
        return response


class RegisterCollector:
    """What the database says at scrape time: entries per status, the queue, e-mails, watch."""

    def collect(self):
        from outbox.models import OutgoingEmail
        from registry.models import Observation, SocialAccount, WatchState
        from registry.tasks import queue_health

        yield _gauge(
            "registry_entries",
            "Entries of the register.",
            ["status"],
            SocialAccount.objects.values_list("status").annotate(n=Count("pk")),
        )
        health = queue_health()
        yield _single("registry_jobs_waiting", "Jobs waiting to run.", health["waiting_jobs"])
        yield _single("registry_jobs_failed", "Jobs that failed.", health["failed_jobs"])
        yield _single(
            "registry_jobs_oldest_waiting_seconds",
            "Age of the oldest waiting job.",
            health["oldest_waiting_seconds"] or 0,
        )
        yield _gauge(
            "registry_emails",
            "E-mails in the outbox.",
            ["status"],
            OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")),
        )
        day = timezone.now() - timezone.timedelta(days=1)
        yield _gauge(
            "registry_watch_checks_24h",
            "Watch checks in the last 24 hours.",
            ["platform", "kind"],
            Observation.objects.filter(created_at__gte=day)
            .values_list("entry__platform", "kind")
            .annotate(n=Count("pk")),
        )
        yield _gauge(
            "registry_watch_findings_open",
            "Findings waiting for the central unit.",
            ["platform", "finding"],
            WatchState.objects.exclude(finding="")
            .values_list("entry__platform", "finding")
            .annotate(n=Count("pk")),
        )
        yield _gauge("registry_watch_failing", "Entries whose last watch checks failed.",
                     ["platform"],
                     WatchState.objects.filter(failures__gt=0)
                     .values_list("entry__platform").annotate(n=Count("pk")))  # fmt: skip


def _gauge(name: str, documentation: str, labels: list[str], rows) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=labels)
    for *values, count in rows:
        family.add_metric([str(value) for value in values], count)
    return family


def _single(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def registry_for_scrape() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        scraped = CollectorRegistry()
        multiprocess.MultiProcessCollector(scraped)
    else:
        scraped = CollectorRegistry(auto_describe=True)
        scraped.register(_ProcessRegistry())
    scraped.register(RegisterCollector())
    return scraped


class _ProcessRegistry:
    """This process's own request metrics (no multiprocess directory)."""

    def collect(self):
        return REGISTRY.collect()


@access(Rule.METRICS)
def metrics(request):
    return HttpResponse(generate_latest(registry_for_scrape()), content_type=CONTENT_TYPE_LATEST)
