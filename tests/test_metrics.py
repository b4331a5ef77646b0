"""Metrics for the State's monitoring (issue 33.1): `/metrics` in Prometheus's text format, for
the scraper's address or token only; requests by route and status with their latency, the
register, the queue, the e-mails and the watch."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from outbox.models import OutgoingEmail
from registry.models import Status, WatchState

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def scrape(client, headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_nobody_reads_the_metrics_without_the_token_or_an_allowed_address(client, db, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    # A forwarded header is no address of the scraper's.
    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.9"]
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 404


def test_an_allowed_address_reads_them(client, db, settings):
    settings.METRICS_ALLOWED_ADDRESSES = ["127.0.0.1"]
    assert client.get("/metrics").status_code == 200


def test_requests_are_counted_by_route_and_status_with_their_latency(client, db, scraper):
    client.get("/en/")
    client.get("/api/v1/accounts/999999/")
    samples = scrape(client, scraper)
    ok = ("route", "public:directory"), ("method", "GET"), ("status", "200")
    assert samples[("registry_http_requests_total", tuple(sorted(ok)))] >= 1
    missing = ("route", "api:account"), ("method", "GET"), ("status", "404")
    assert samples[("registry_http_requests_total", tuple(sorted(missing)))] >= 1
    assert (
        samples[("registry_http_request_duration_seconds_count", (("route", "public:directory"),))]
        >= 1
    )


def test_the_register_queue_emails_and_watch_are_read_at_each_scrape(client, make_entry, scraper):
    verified = make_entry(Status.VERIFIED)
    make_entry(Status.SUSPENDED)
    OutgoingEmail.objects.create(message_key="m", recipient="a@b.example", subject="S", body="B",
                                 status=OutgoingEmail.Status.FAILED)  # fmt: skip
    WatchState.objects.create(entry=verified, failures=3, finding="takeover")
    samples = scrape(client, scraper)
    assert samples[("registry_entries", (("status", "verified"),))] == 1
    assert samples[("registry_entries", (("status", "suspended"),))] == 1
    assert samples[("registry_emails", (("status", "failed"),))] == 1
    assert ("registry_jobs_waiting", ()) in samples
    assert samples[("registry_watch_failing", (("platform", "x"),))] == 1
    finding = (("finding", "takeover"), ("platform", "x"))
    assert samples[("registry_watch_findings_open", finding)] == 1


@pytest.fixture
def gunicorn_env(tmp_path) -> dict:
    return {"WEB_CONCURRENCY": "2", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
            "METRICS_TOKEN": TOKEN}  # fmt: skip


@pytest.mark.postgres_only(
    reason="the gunicorn workers open the test database by its server name; SQLite's is a "
    "file of this run that the fixture does not hand them"
)
def test_under_gunicorn_every_workers_requests_are_added_up(gunicorn):
    """Multiprocess mode: whichever worker answers the scrape counts all workers' requests."""
    import requests

    for _ in range(20):
        assert requests.get(gunicorn + "/healthz", timeout=10).status_code == 200
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = requests.get(gunicorn + "/metrics", headers=auth, timeout=10).text
    counted = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "registry_http_requests_total" and sample.labels["route"] == "healthz"
    ]
    assert counted == [20.0]
