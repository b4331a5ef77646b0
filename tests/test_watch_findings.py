"""The watch end to end against a stand-in Bluesky: takeover, rename, gone, profile, failures."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from registry.models import Finding, Move, Observation, SocialAccount, Status, WatchState
from registry.verification import Result, verify_link
from registry.watch.service import check_entry, run_due_checks
from tests.conftest import serve_bluesky, serve_bluesky_profile, serve_bluesky_unknown

OFFICIAL_TEXT = "Compte officiel du gouvernement."
LINK = "https://bsky.app/profile/gouv.bsky.social"


@pytest.fixture(autouse=True)
def jobs(run_jobs):
    """The queue's worker, run after each check: the watch's e-mails are queued jobs."""
    _worker["run"] = run_jobs
    yield
    _worker.clear()


_worker: dict = {}


def check(entry, django_capture_on_commit_callbacks) -> Observation:
    with django_capture_on_commit_callbacks(execute=True):
        observation = check_entry(entry.pk, even_if_not_due=True)
    _worker["run"]()  # send what the check queued
    return observation


def confirm(entry, django_capture_on_commit_callbacks) -> Observation:
    """As many consistent reads as a finding needs (WATCH_CONFIRM_READS); the last one."""
    for _read in range(settings.WATCH_CONFIRM_READS - 1):
        assert check(entry, django_capture_on_commit_callbacks).kind == Observation.Kind.UNCONFIRMED
    return check(entry, django_capture_on_commit_callbacks)


def test_the_first_check_records_the_permanent_id(
    platform, make_entry, django_capture_on_commit_callbacks
):
    entry = make_entry(Status.VERIFIED, platform="bluesky", handle="gouv.bsky.social", url=LINK)
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official", text=OFFICIAL_TEXT)
    observation = check(entry, django_capture_on_commit_callbacks)
    entry.refresh_from_db()
    assert observation.kind == Observation.Kind.FIRST
    assert entry.platform_account_id == "did:plc:official"
    assert entry.watch.next_check_at > observation.created_at


def test_an_unchanged_account_is_recorded_without_a_finding(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official", text=OFFICIAL_TEXT)
    assert (
        check(bluesky_entry, django_capture_on_commit_callbacks).kind == Observation.Kind.UNCHANGED
    )
    assert WatchState.objects.get(entry=bluesky_entry).finding == ""


def test_a_takeover_suspends_a_verified_entry_at_once_and_tells_the_central_unit(
    platform, bluesky_entry, reviewer, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    serve_bluesky_profile(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    assert verify_link(LINK).result == Result.OFFICIAL
    observation = check(bluesky_entry, django_capture_on_commit_callbacks)
    bluesky_entry.refresh_from_db()
    assert observation.kind == Observation.Kind.TAKEOVER
    assert observation.changes == {"account_id": ["did:plc:official", "did:plc:impostor"]}
    assert bluesky_entry.status == Status.SUSPENDED
    event = bluesky_entry.events.last()
    assert (event.move, event.actor) == (Move.WATCH_SUSPEND, None)
    assert "no longer belongs" in bluesky_entry.public_notice or bluesky_entry.public_notice
    assert bluesky_entry.watch.finding == Finding.TAKEOVER
    assert [m for m in mail.outbox if reviewer.email in m.to and "URGENT" in m.subject]
    verdict = verify_link(LINK)
    assert (verdict.result, verdict.handle_reassigned) == (Result.SUSPENDED, True)


def test_the_api_stops_answering_official_after_a_takeover(
    client, platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    serve_bluesky_profile(platform, handle="other.bsky.social", did="did:plc:official")
    assert client.get("/api/v1/verify/", {"url": LINK}).json()["result"] == "official"
    check(bluesky_entry, django_capture_on_commit_callbacks)
    answer = client.get("/api/v1/verify/", {"url": LINK}).json()
    assert (answer["result"], answer["handle_reassigned"]) == ("suspended", True)


def test_a_takeover_of_a_closed_handle_keeps_its_history_and_says_so(
    platform, make_entry, django_capture_on_commit_callbacks
):
    entry = make_entry(
        Status.CLOSED,
        platform="bluesky",
        handle="gouv.bsky.social",
        url=LINK,
        platform_account_id="did:plc:official",
    )
    events_before = entry.events.count()
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    serve_bluesky_unknown(platform, did="did:plc:official")
    check(entry, django_capture_on_commit_callbacks)
    entry.refresh_from_db()
    assert entry.status == Status.CLOSED
    assert entry.events.count() == events_before
    verdict = verify_link(LINK)
    assert (verdict.result, verdict.handle_reassigned) == (Result.CLOSED, True)


def test_a_takeover_acts_once_and_is_then_recorded_as_known(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    serve_bluesky_profile(platform, handle="other.bsky.social", did="did:plc:official")
    check(bluesky_entry, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert (
        check(bluesky_entry, django_capture_on_commit_callbacks).kind == Observation.Kind.UNCHANGED
    )
    assert len(mail.outbox) == sent


def test_a_rename_is_queued_and_the_old_handle_is_no_longer_official(
    platform, bluesky_entry, editor, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    observation = confirm(bluesky_entry, django_capture_on_commit_callbacks)
    assert observation.kind == Observation.Kind.RENAMED
    assert observation.changes == {"handle": ["gouv.bsky.social", "gouvernement.bsky.social"]}
    state = WatchState.objects.get(entry=bluesky_entry)
    assert (state.finding, state.pending_handle) == (Finding.RENAMED, "gouvernement.bsky.social")
    assert [m for m in mail.outbox if editor.email in m.to]
    assert verify_link(LINK).result == Result.HANDLE_CHANGED
    new_link = "https://bsky.app/profile/gouvernement.bsky.social"
    assert verify_link(new_link).result == Result.NOT_REGISTERED


def test_the_central_unit_accepts_a_new_handle_in_one_click(
    client, platform, bluesky_entry, reviewer, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    confirm(bluesky_entry, django_capture_on_commit_callbacks)
    bluesky_entry.refresh_from_db()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("review:act", args=[bluesky_entry.pk]),
            {"move": Move.ACCEPT_HANDLE, "version": bluesky_entry.version},
        )
    assert r.status_code == 302
    bluesky_entry.refresh_from_db()
    assert bluesky_entry.handle == "gouvernement.bsky.social"
    assert bluesky_entry.events.last().move == Move.ACCEPT_HANDLE
    assert bluesky_entry.events.last().actor == reviewer
    new_link = "https://bsky.app/profile/gouvernement.bsky.social"
    assert verify_link(new_link).result == Result.OFFICIAL
    assert verify_link(LINK).result == Result.NOT_REGISTERED


def test_a_gone_account_is_queued_and_the_ministry_asked_to_close_after_some_days(
    platform, bluesky_entry, editor, settings, django_capture_on_commit_callbacks
):
    settings.WATCH_GONE_DAYS_BEFORE_CLOSE = 3
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert confirm(bluesky_entry, django_capture_on_commit_callbacks).kind == Observation.Kind.GONE
    state = WatchState.objects.get(entry=bluesky_entry)
    assert state.finding == Finding.GONE and not mail.outbox
    # Three days later (the state is the watch's own memory, not history).
    WatchState.objects.filter(pk=state.pk).update(
        gone_since=state.gone_since - datetime.timedelta(days=3)
    )
    check(bluesky_entry, django_capture_on_commit_callbacks)
    check(bluesky_entry, django_capture_on_commit_callbacks)
    asked = [m for m in mail.outbox if editor.email in m.to]
    assert len(asked) == 1


def test_a_profile_that_loses_its_official_mention_is_a_low_priority_item(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    WatchState.objects.create(
        entry=bluesky_entry,
        last_seen={"exists": True, "display_name": "Gouv", "text": OFFICIAL_TEXT},
    )
    serve_bluesky(
        platform, handle="gouv.bsky.social", did="did:plc:official", name="Gouv", text="Crypto!"
    )
    observation = confirm(bluesky_entry, django_capture_on_commit_callbacks)
    assert observation.kind == Observation.Kind.PROFILE
    assert observation.changes == {"text": [OFFICIAL_TEXT, "Crypto!"]}
    assert WatchState.objects.get(entry=bluesky_entry).finding == Finding.PROFILE


@pytest.mark.parametrize(
    ("status", "headers", "wait"),
    [
        (503, {}, datetime.timedelta(minutes=5)),
        (429, {"Retry-After": "3600"}, datetime.timedelta(hours=1)),
    ],
)
def test_a_failed_check_is_recorded_and_retried_with_backoff(
    platform, bluesky_entry, status, headers, wait, django_capture_on_commit_callbacks
):
    platform.expect_request("/xrpc/com.atproto.identity.resolveHandle").respond_with_data(
        "no", status=status, headers=headers
    )
    observation = check(bluesky_entry, django_capture_on_commit_callbacks)
    state = WatchState.objects.get(entry=bluesky_entry)
    assert observation.kind == Observation.Kind.FAILED and observation.error
    assert state.failures == 1
    assert state.next_check_at - observation.created_at == wait
    assert SocialAccount.objects.get(pk=bluesky_entry.pk).status == Status.VERIFIED


def test_the_command_prints_each_change_and_a_summary(platform, bluesky_entry, capsys, settings):
    settings.WATCH_CONFIRM_READS = 2
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    call_command("watch_accounts")
    assert "Checked 1, changes 0, failed 0, skipped 0." in capsys.readouterr().out  # unconfirmed
    call_command("watch_accounts")  # due again at once for its confirming read (tests: 0 s)
    out = capsys.readouterr().out
    assert "Account gone: Bluesky gouv.bsky.social" in out
    assert "Checked 1, changes 1, failed 0, skipped 0." in out
    call_command("watch_accounts")
    assert "Checked 0" in capsys.readouterr().out  # not due again today
    call_command("watch_accounts", "--all")
    assert "Checked 1" in capsys.readouterr().out


def test_unwatched_platforms_and_statuses_are_not_checked(platform, make_entry):
    make_entry(Status.VERIFIED)  # X without a token
    make_entry(Status.SUBMITTED, platform="bluesky", handle="new.bsky.social", url=LINK)
    assert run_due_checks().checked == 0
    assert not platform.log


@pytest.mark.postgres_only(
    reason="SKIP LOCKED between two connections; SQLite has one writer: a second check waits "
    "for the first, then finds the entry not due"
)
@pytest.mark.django_db(transaction=True)
def test_an_entry_being_checked_is_not_checked_twice_at_once(platform, bluesky_entry):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    state = WatchState.objects.create(entry=bluesky_entry)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            WatchState.objects.select_for_update().get(pk=state.pk)
            locked.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    locked.wait(10)
    try:
        assert check_entry(bluesky_entry.pk) is None
        assert not platform.log
    finally:
        release.set()
        worker.join()
    assert check_entry(bluesky_entry.pk).kind == Observation.Kind.UNCHANGED


def test_a_check_queued_twice_runs_once(platform, bluesky_entry):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert check_entry(bluesky_entry.pk).kind == Observation.Kind.UNCHANGED
    assert check_entry(bluesky_entry.pk) is None  # not due again before tomorrow
    assert len(platform.log) == 2  # resolveHandle and getProfile, once


def test_the_daily_run_puts_one_job_per_due_entry_on_the_queue(platform, bluesky_entry):
    from django_tasks_db.models import DBTaskResult

    from registry.watch.service import enqueue_due_checks
    from registry.watch.tasks import check_entry_task

    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert enqueue_due_checks() == 1
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("check_entry_task")
    assert job.args_kwargs["args"] == [bluesky_entry.pk]
    assert check_entry_task.call(bluesky_entry.pk) == Observation.Kind.UNCHANGED
