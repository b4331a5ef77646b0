"""A database that does not answer: 503 with Retry-After, in each audience's own shape.

For real: a separate process whose DATABASE_URL is a closed port on loopback (nothing of ours
is replaced). One process answers every request of the table, to keep the test quick.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PATHS = [
    # path, what the client reads
    ("/fr/", "html"),
    ("/en/verify/?url=https://x.com/gouvlu", "html"),
    ("/de/accounts/1/", "html"),
    ("/fr/feed/", "html"),
    ("/api/v1/accounts/", "json"),
    ("/api/v1/verify/?url=https://x.com/gouvlu", "json"),
    ("/api/v1/ministries/", "json"),
    ("/open-data/accounts.csv", "json"),
    ("/open-data/accounts.json", "json"),
]

SCRIPT = """
import json, sys
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for path in json.loads(sys.argv[1]):
    r = client.get(path)
    body = b"".join(r.streaming_content) if r.streaming else r.content
    out[path] = {"status": r.status_code, "retry_after": r.get("Retry-After"),
                 "type": r.get("Content-Type"), "body": body.decode("utf-8", "replace")}
r = client.get("/healthz")
out["/healthz"] = {"status": r.status_code, "body": r.content.decode()}
print("RESULT " + json.dumps(out))
"""


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def answers_without_database() -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/nowhere",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    script = SCRIPT.replace("sys.argv[1]", repr(json.dumps([path for path, _kind in PATHS])))
    done = subprocess.run(  # noqa: S603 -- our own manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stdout + done.stderr
    return json.loads(lines[-1].removeprefix("RESULT "))


@pytest.mark.parametrize(("path", "kind"), PATHS)
def test_every_address_answers_503_with_retry_after_when_the_database_is_down(
    answers_without_database, path, kind
):
    answer = answers_without_database[path]
    assert answer["status"] == 503, answer
    assert int(answer["retry_after"]) > 0


@pytest.mark.parametrize("path", [path for path, kind in PATHS if kind == "html"])
def test_pages_show_our_own_unavailable_page(answers_without_database, path):
    answer = answers_without_database[path]
    assert answer["type"].startswith("text/html")
    assert '<main id="main"' in answer["body"]


@pytest.mark.parametrize("path", [path for path, kind in PATHS if kind == "json"])
def test_the_api_and_open_data_answer_in_the_apis_error_shape(answers_without_database, path):
    answer = answers_without_database[path]
    assert answer["type"].startswith("application/problem+json")
    assert json.loads(answer["body"]).keys() == {
        "type",
        "title",
        "status",
        "detail",
        "error",
        "code",
    }
    assert json.loads(answer["body"])["code"] == "service_unavailable"


def test_healthz_answers_503_and_names_the_database_as_the_dependency_that_is_down(
    answers_without_database,
):
    answer = answers_without_database["/healthz"]
    body = json.loads(answer["body"])
    assert answer["status"] == 503
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "unavailable"
    assert body["checks"]["database"]["latency_ms"] >= 0
    assert body["checks"]["cache"]["status"] == "ok"


def test_healthz_reports_each_dependency_with_its_latency_when_all_answer(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    for name in ("database", "cache"):
        assert body["checks"][name]["status"] == "ok"
        assert isinstance(body["checks"][name]["latency_ms"], float)


def test_healthz_says_degraded_when_only_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["status"] == "unavailable"


def test_healthz_reports_the_job_queue_with_its_figures(client, db):
    queue = client.get("/healthz").json()["checks"]["queue"]
    assert queue["status"] == "ok"
    assert queue["waiting_jobs"] == 0 and queue["failed_emails"] == 0


def test_healthz_says_degraded_when_no_worker_has_taken_a_job_for_a_quarter_hour(client, db):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from registry.tasks import prune_finished_jobs

    prune_finished_jobs.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=20))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["queue"]["status"] == "unavailable"
