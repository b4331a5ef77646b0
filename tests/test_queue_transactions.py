"""The queue against real commits: a move that commits always has its e-mails queued, one that
rolls back has none; two workers never run one job; two schedulers never enqueue one period twice.

These tests commit (transaction=True), and the workers and schedulers run in threads, each on its
own database connection, as separate processes would."""

import datetime
import threading
import uuid

import pytest
from django.core import mail
from django.db import connections, transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accounts.invitations import invite_member
from accounts.models import Membership
from outbox.models import OutgoingEmail
from outbox.tasks import queue_email
from registry import schedule, workflow
from registry.models import ScheduledRun, Status
from tests.conftest import answers_for

pytestmark = pytest.mark.django_db(transaction=True)


def verify(entry, reviewer):
    return workflow.verify(
        entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer")
    )


def test_a_committed_decision_always_has_its_emails_queued(make_entry, reviewer, editor):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    event = verify(entry, reviewer)
    queued = OutgoingEmail.objects.filter(message_key__startswith=f"event:{event.pk}:")
    assert sorted(queued.values_list("recipient", flat=True)) == [
        "alice@mfin.example.org",
        "communication@mfin.example.org",
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 2


def test_a_decision_that_rolls_back_queues_nothing(make_entry, reviewer, editor, run_jobs):
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer)
    with pytest.raises(RuntimeError), transaction.atomic():
        verify(entry, reviewer)
        assert OutgoingEmail.objects.count() == 2  # queued inside the transaction…
        raise RuntimeError("the request failed after the move")
    assert not OutgoingEmail.objects.exists()  # …and gone with it
    assert not DBTaskResult.objects.exists()
    assert run_jobs() == 0
    assert mail.outbox == []


def test_an_invitation_that_rolls_back_queues_nothing(ministry_a, ministry_admin):
    with pytest.raises(RuntimeError), transaction.atomic():
        invite_member(
            by=ministry_admin,
            ministry=ministry_a,
            email="nina@mfin.example.org",
            full_name="Nina",
            role=Membership.Role.EDITOR,
        )
        raise RuntimeError("the request failed after the invitation")
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def in_threads(count: int, work) -> list:
    """Run `work()` in `count` threads started together, each on its own connection."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def batch_worker() -> Worker:
    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=uuid.uuid4().hex[:16],
    )


def test_two_workers_taking_jobs_from_one_queue_never_run_one_twice(db):
    for n in range(40):
        queue_email(key=f"test:{n}", to=f"person{n}@x.example", subject=f"n{n}", body="")

    def work():
        worker = batch_worker()
        worker.run()
        return worker._run_tasks

    ran = in_threads(2, work)
    assert sum(ran) == 40
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"person{n}@x.example" for n in range(40))
    jobs = DBTaskResult.objects.all()
    assert {job.status for job in jobs} == {"SUCCESSFUL"}
    assert all(len(job.worker_ids) == 1 for job in jobs)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


def test_two_schedulers_never_enqueue_the_same_period_twice(db):
    results = in_threads(2, lambda: schedule.enqueue_due_jobs(now=NOON))
    names = [job.name for job in schedule.SCHEDULE]
    assert sorted(name for enqueued in results for name in enqueued) == sorted(names)
    assert ScheduledRun.objects.count() == len(names)
    assert DBTaskResult.objects.count() == len(names)
