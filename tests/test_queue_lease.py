"""No job is stuck: a job whose worker died is given back to the queue after its lease and done
once by another worker; /healthz and the queue's figures show it meanwhile.

For real: the workers are `manage.py db_worker` processes on the test database, killed with
SIGKILL in the middle of a job; the mail relay and the platform are stand-ins on loopback that
hold the dying worker's request until the kill. Time is not waited for: the test moves the
claim of the dead worker's job back past the lease, as `make_retries_due` moves a retry forward.
"""

import datetime
import io
import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.tasks import queue_email
from registry import tasks
from registry.models import Observation, PlatformSlot, Status, WatchState
from registry.watch.tasks import check_entry_task
from tests import smtp_relay as stand_in_relay

ROOT = Path(__file__).resolve().parent.parent
# Long enough for a worker to start (Django's setup) on a busy 2-core machine.
START_TIMEOUT = 60

in_subprocess = pytest.mark.django_db(transaction=True)  # the workers see committed rows


class StandInBluesky(ThreadingHTTPServer):
    """Bluesky's two public calls for one account; the first request is held unanswered until
    `release()` (the dying worker's), the others are answered."""

    daemon_threads = True

    def __init__(self, handle: str, did: str):
        super().__init__(("127.0.0.1", 0), _BlueskyHandler)
        self.handle, self.did = handle, did
        self.holding, self.released = threading.Event(), threading.Event()
        self.requests = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def release(self) -> None:
        self.released.set()


class _BlueskyHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # the standard library calls it by this name
        server = self.server
        server.requests += 1
        if server.requests == 1:
            server.holding.set()
            server.released.wait()
            return  # the connection closes unanswered
        if self.path.startswith("/xrpc/com.atproto.identity.resolveHandle"):
            body = {"did": server.did}
        else:
            body = {"did": server.did, "handle": server.handle, "displayName": "Gouvernement"}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def relay():
    relay = stand_in_relay.StandInRelay()
    controller = stand_in_relay.start(relay)
    yield relay, controller.port
    relay.release()
    controller.stop()


@pytest.fixture
def bluesky():
    server = StandInBluesky(handle="gouv.bsky.social", did="did:plc:official")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.release()
    server.shutdown()
    server.server_close()


def worker_env(tmp_path, *, relay_port: int = 1, platform: str = "http://127.0.0.1:9") -> dict:
    """The environment of a worker on this test's database, its relay and its platform."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":  # the run's test database is a file (tests/conftest.py)
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(relay_port),
        "EMAIL_USE_TLS": "0",
        "WATCH_BASE_URLS": json.dumps({"bluesky": platform}),
        "WATCH_ALLOW_PRIVATE_ADDRESSES": "1",
        "WATCH_RATE_PER_MINUTE": json.dumps({"default": 0}),
        "OPEN_DATA_DIR": str(tmp_path / "open-data"),
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }


def db_worker(env: dict, *extra: str, worker_id: str) -> list[str]:
    return [
        sys.executable,
        "manage.py",
        "db_worker",
        "--queue-name=*",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0.1",
        f"--worker-id={worker_id}",
        *extra,
    ]


def kill_worker_while(env: dict, holding: threading.Event) -> None:
    """Start a worker, wait until the stand-in holds its request, and SIGKILL it there."""
    worker = subprocess.Popen(  # noqa: S603 -- our own manage.py, fixed arguments
        db_worker(env, worker_id="doomed"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert holding.wait(START_TIMEOUT), "the worker never reached the stand-in"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(START_TIMEOUT)
    assert worker.returncode == -signal.SIGKILL


def run_second_worker(env: dict) -> None:
    done = subprocess.run(  # noqa: S603 -- our own manage.py, fixed arguments
        db_worker(env, "--batch", worker_id="survivor"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr


def let_the_lease_pass() -> None:
    """Move every running job's claim back past the lease: the time a dead worker leaves. The
    watch's own claim of the entry and its platform slot (registry/watch/service.py, shorter
    than the job's lease) have lapsed by then too."""
    lease = datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    before = timezone.now() - lease
    DBTaskResult.objects.filter(status="RUNNING").update(started_at=before)
    WatchState.objects.update(next_check_at=before)
    PlatformSlot.objects.update(held_until=before)


def the_dead_workers_job() -> DBTaskResult:
    job = DBTaskResult.objects.get()
    assert (job.status, job.worker_ids) == ("RUNNING", ["doomed"])
    return job


@in_subprocess
def test_an_email_whose_worker_is_killed_before_the_relay_accepts_it_is_sent_once(
    relay, tmp_path, client
):
    relay, port = relay
    email = queue_email(key="lease:1", to="alice@mfin.example.org", subject="S", body="B")
    relay.hang = True
    env = worker_env(tmp_path, relay_port=port)
    kill_worker_while(env, relay.holding)
    relay.release()
    job = the_dead_workers_job()
    assert tasks.queue_health()["jobs_past_lease"] == 0  # within its lease: maybe still working
    let_the_lease_pass()
    health = client.get("/healthz").json()
    assert (health["status"], health["checks"]["queue"]["jobs_past_lease"]) == ("degraded", 1)

    assert tasks.reclaim_abandoned_jobs() == {"reclaimed": 1, "failed": 0}
    run_second_worker(env)

    assert relay.recipients() == ["alice@mfin.example.org"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    job.refresh_from_db()
    assert (job.status, job.worker_ids) == ("SUCCESSFUL", ["doomed", "survivor"])
    assert client.get("/healthz").json()["status"] == "ok"


@in_subprocess
def test_a_watch_check_whose_worker_is_killed_mid_request_is_done_once(
    bluesky, make_entry, tmp_path
):
    entry = make_entry(
        Status.VERIFIED,
        platform="bluesky",
        handle="gouv.bsky.social",
        url="https://bsky.app/profile/gouv.bsky.social",
    )
    check_entry_task.enqueue(entry.pk)
    env = worker_env(tmp_path, platform=bluesky.base)
    kill_worker_while(env, bluesky.holding)
    bluesky.release()
    job = the_dead_workers_job()
    assert not Observation.objects.exists()  # the dead worker's transaction left nothing
    let_the_lease_pass()

    assert tasks.reclaim_abandoned_jobs() == {"reclaimed": 1, "failed": 0}
    run_second_worker(env)

    assert list(Observation.objects.values_list("entry", "kind")) == [
        (entry.pk, Observation.Kind.FIRST)
    ]
    entry.refresh_from_db()
    assert entry.platform_account_id == "did:plc:official"
    assert WatchState.objects.get(entry=entry).next_check_at > timezone.now()
    job.refresh_from_db()
    assert (job.status, job.worker_ids) == ("SUCCESSFUL", ["doomed", "survivor"])


def claimed(*worker_ids: str) -> DBTaskResult:
    """The send job of a queued e-mail, claimed by these workers in turn (the last one running)."""
    queue_email(key=f"lease:{len(worker_ids)}", to="alice@mfin.example.org", subject="S", body="B")
    job = DBTaskResult.objects.get()
    for worker_id in worker_ids:
        job.claim(worker_id)
    return job


def test_a_job_within_its_lease_is_left_to_its_worker(db):
    job = claimed("busy")
    assert tasks.reclaim_abandoned_jobs() == {"reclaimed": 0, "failed": 0}
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_past_its_lease_is_queued_again_by_the_scheduler(db, settings):
    settings.JOB_LEASE_SECONDS = 60
    claimed("dead")
    let_the_lease_pass()
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    assert out.getvalue().startswith("Past their lease: 1 queued again, 0 failed\n")
    job = DBTaskResult.objects.get(task_path__endswith="send_email")
    assert job.status == "READY"
    assert tasks.queue_health()["jobs_past_lease"] == 0


def test_a_job_that_killed_every_worker_it_was_given_to_is_failed(db, settings):
    settings.JOB_MAX_CLAIMS = 3
    job = claimed("first", "second", "third")
    let_the_lease_pass()
    assert tasks.reclaim_abandoned_jobs() == {"reclaimed": 0, "failed": 1}
    job.refresh_from_db()
    assert (job.status, job.exception_class_path) == ("FAILED", "registry.tasks.WorkerDied")
    assert "3 worker(s)" in job.traceback
    assert tasks.queue_health()["failed_jobs"] == 1
