"""The registry as the government's verifier on Bluesky (issue 17, requirement 2): verification
records written, replaced and withdrawn in the registry's repository through the job queue,
against a stand-in PDS over real HTTP that checks the calls' shape and authentication."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry import workflow
from registry.exports import bluesky_verifier
from registry.models import BlueskyVerification, Reason, SocialAccount, Status, WatchState
from registry.watch.service import check_entry
from tests.conftest import answers_for, serve_bluesky
from tests.pds_stand_in import HANDLE, PASSWORD, TOKEN, StandInPDS

State = BlueskyVerification.State
ACCOUNT_DID = "did:plc:ministerefinances00000001"


@pytest.fixture
def pds(settings):
    server = StandInPDS().start()
    settings.BLUESKY_VERIFIER = {"pds": server.url, "identifier": HANDLE, "password": PASSWORD}
    yield server
    server.stop()


def sync_jobs():
    """The queued Bluesky jobs (the decision's e-mails are queued beside them)."""
    path = bluesky_verifier.sync_bluesky_verification.module_path
    return DBTaskResult.objects.filter(task_path=path)


@pytest.fixture
def bluesky_entry(make_entry, reviewer):
    return make_entry(
        Status.SUBMITTED,
        platform=SocialAccount.Platform.BLUESKY,
        handle="finances.gouv.example",
        url="https://bsky.app/profile/finances.gouv.example",
        display_name="Ministère des Finances",
        platform_account_id=ACCOUNT_DID,
        assigned_reviewer=reviewer,
    )


def verify(entry, reviewer):
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    entry.refresh_from_db()


def suspend(entry, reviewer):
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )
    entry.refresh_from_db()


def close(entry, reviewer):
    workflow.close(entry, by=reviewer, version=entry.version, message="Stopped.")
    entry.refresh_from_db()


def test_verifying_a_bluesky_entry_publishes_a_verification_record(
    run_jobs, pds, bluesky_entry, reviewer
):
    verify(bluesky_entry, reviewer)
    assert sync_jobs().count() == 1  # queued in the decision's own transaction
    run_jobs()
    [record] = pds.records.values()
    assert record["subject"] == ACCOUNT_DID
    assert record["handle"] == "finances.gouv.example"
    assert record["displayName"] == "Ministère des Finances"
    writes = [(m, auth) for m, auth in pds.calls if m.endswith("createRecord")]
    assert writes == [("com.atproto.repo.createRecord", f"Bearer {TOKEN}")]
    stored = BlueskyVerification.objects.get(entry=bluesky_entry)
    assert stored.state == State.PUBLISHED
    assert stored.uri.endswith(stored.rkey)


def test_a_job_run_twice_writes_one_record(run_jobs, pds, bluesky_entry, reviewer):
    verify(bluesky_entry, reviewer)
    run_jobs()
    bluesky_verifier.sync_bluesky_verification.enqueue(bluesky_entry.pk)
    run_jobs()
    assert len(pds.records) == 1
    assert pds.writes() == ["com.atproto.repo.createRecord"]


@pytest.mark.parametrize("move", [suspend, close])
def test_a_suspension_or_closure_withdraws_the_record(run_jobs, pds, bluesky_entry, reviewer, move):
    verify(bluesky_entry, reviewer)
    run_jobs()
    move(bluesky_entry, reviewer)
    run_jobs()
    assert pds.records == {}
    assert BlueskyVerification.objects.get(entry=bluesky_entry).state == State.WITHDRAWN


def test_a_reinstated_entry_is_verified_again(run_jobs, pds, bluesky_entry, reviewer):
    verify(bluesky_entry, reviewer)
    suspend(bluesky_entry, reviewer)
    run_jobs()
    workflow.reinstate(bluesky_entry, by=reviewer, version=bluesky_entry.version)
    run_jobs()
    assert len(pds.records) == 1


def test_a_rename_replaces_the_record(run_jobs, pds, bluesky_entry, reviewer):
    verify(bluesky_entry, reviewer)
    run_jobs()
    SocialAccount.objects.filter(pk=bluesky_entry.pk).update(handle="fin.gouv.example")
    bluesky_entry.refresh_from_db()
    bluesky_verifier.schedule_sync(bluesky_entry)
    run_jobs()
    [record] = pds.records.values()
    assert record["handle"] == "fin.gouv.example"
    assert pds.writes()[-2:] == ["com.atproto.repo.deleteRecord", "com.atproto.repo.createRecord"]


def test_a_pds_that_is_down_is_retried_later_and_the_record_written_once(
    run_jobs, pds, bluesky_entry, reviewer
):
    verify(bluesky_entry, reviewer)
    pds.fail_next = [503]
    run_jobs()
    stored = BlueskyVerification.objects.get(entry=bluesky_entry)
    assert (stored.state, stored.attempts) == (State.PENDING, 1)
    assert "503" in stored.last_error
    waiting = sync_jobs().filter(status="READY")
    assert waiting.count() == 1 and not waiting.filter(pk__in=DBTaskResult.objects.ready()).exists()
    waiting.update(run_after=timezone.now() - datetime.timedelta(seconds=1))  # time passes
    run_jobs()
    assert len(pds.records) == 1
    assert BlueskyVerification.objects.get(entry=bluesky_entry).state == State.PUBLISHED


def test_a_record_written_before_a_crash_is_not_written_again(
    run_jobs, pds, bluesky_entry, reviewer
):
    verify(bluesky_entry, reviewer)
    plan = bluesky_verifier._plan(bluesky_entry.pk)  # the key is chosen and committed…
    record, says = plan
    client = bluesky_verifier.PDSClient.signed_in()
    client.create_record(record.next_rkey, says)  # …the record written, then the worker died
    run_jobs()
    assert len(pds.records) == 1
    assert BlueskyVerification.objects.get(entry=bluesky_entry).state == State.PUBLISHED


def test_a_wrong_app_password_fails_without_retrying(
    run_jobs, pds, bluesky_entry, reviewer, settings
):
    settings.BLUESKY_VERIFIER = {**settings.BLUESKY_VERIFIER, "password": "wrong"}
    verify(bluesky_entry, reviewer)
    run_jobs()
    stored = BlueskyVerification.objects.get(entry=bluesky_entry)
    assert stored.state == State.FAILED
    assert "401" in stored.last_error
    assert not sync_jobs().filter(status="READY").exists()


def test_an_entry_without_its_did_gets_no_record(run_jobs, pds, bluesky_entry, reviewer):
    SocialAccount.objects.filter(pk=bluesky_entry.pk).update(platform_account_id="")
    bluesky_entry.refresh_from_db()
    verify(bluesky_entry, reviewer)
    run_jobs()
    assert pds.records == {}


def test_with_no_verifier_configured_nothing_is_queued(run_jobs, bluesky_entry, reviewer, settings):
    settings.BLUESKY_VERIFIER = None
    verify(bluesky_entry, reviewer)
    assert not sync_jobs().exists()


def test_the_staff_entry_page_shows_the_records_state(
    run_jobs, client, editor, pds, bluesky_entry, reviewer
):
    verify(bluesky_entry, reviewer)
    run_jobs()
    client.force_login(editor)
    page = client.get(reverse("workspace:entry", args=[bluesky_entry.pk])).content.decode()
    assert "Published on Bluesky" in page


def test_record_keys_are_tids(
    run_jobs,
):
    keys = {bluesky_verifier.new_record_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(k) == 13 and set(k) <= set("234567abcdefghijklmnopqrstuvwxyz") for k in keys)


def test_the_record_carries_the_profiles_display_name_not_the_registrys(
    run_jobs, pds, bluesky_entry, reviewer
):
    """Bluesky counts a verification only while its name is the profile's own."""
    WatchState.objects.create(
        entry=bluesky_entry, last_seen={"exists": True, "display_name": "Finances 🇱🇺"}
    )
    verify(bluesky_entry, reviewer)
    run_jobs()
    [record] = pds.records.values()
    assert record["displayName"] == "Finances 🇱🇺"


def test_a_new_profile_name_seen_by_the_watch_replaces_the_record(
    run_jobs, pds, platform, bluesky_entry, reviewer, django_capture_on_commit_callbacks
):
    WatchState.objects.create(
        entry=bluesky_entry, last_seen={"exists": True, "display_name": "Finances"}
    )
    verify(bluesky_entry, reviewer)
    run_jobs()
    serve_bluesky(
        platform, handle=bluesky_entry.handle, did=ACCOUNT_DID, name="Ministère des Finances 🇱🇺"
    )
    for _read in range(settings.WATCH_CONFIRM_READS):  # a new name is confirmed before use
        with django_capture_on_commit_callbacks(execute=True):
            check_entry(bluesky_entry.pk, even_if_not_due=True)
    run_jobs()
    [record] = pds.records.values()
    assert record["displayName"] == "Ministère des Finances 🇱🇺"
    assert pds.writes()[-2:] == ["com.atproto.repo.deleteRecord", "com.atproto.repo.createRecord"]
