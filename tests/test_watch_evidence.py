"""The watch judges before it speaks (issue 29): evidence before action, a takeover at once,
recovery, gone is not official, the permanent id never replaced, platform text as hostile input.
Every platform is a stand-in over real HTTP on loopback."""

import datetime

import pytest
import yaml
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registry.models import Finding, Move, Observation, SocialAccount, Status, WatchState
from registry.verification import Result, verify_link
from registry.watch.platforms import Seen
from registry.watch.service import check_entry, record, run_due_checks
from tests.conftest import serve_bluesky, serve_bluesky_profile, serve_bluesky_unknown

K = Observation.Kind
LINK = "https://bsky.app/profile/gouv.bsky.social"


@pytest.fixture(autouse=True)
def jobs(run_jobs):
    _worker["run"] = run_jobs
    yield
    _worker.clear()


_worker: dict = {}


def check(entry, callbacks) -> Observation:
    with callbacks(execute=True):
        observation = check_entry(entry.pk, even_if_not_due=True)
    _worker["run"]()
    return observation


def checks(entry, callbacks, times: int) -> list[str]:
    return [check(entry, callbacks).kind for _read in range(times)]


# --- 29.1 Evidence before action -------------------------------------------------------------


def test_one_cycle_of_not_found_answers_changes_nothing_and_sends_nothing(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    observation = check(bluesky_entry, django_capture_on_commit_callbacks)
    assert (observation.kind, observation.suspected) == (K.UNCONFIRMED, K.GONE)
    state = WatchState.objects.get(entry=bluesky_entry)
    assert (state.finding, state.suspected, state.suspected_reads) == ("", K.GONE, 1)
    assert verify_link(LINK).result == Result.OFFICIAL
    assert not mail.outbox


def test_a_platform_that_recovers_before_confirmation_leaves_no_trace_but_the_history(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    check(bluesky_entry, django_capture_on_commit_callbacks)
    platform.clear()
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert check(bluesky_entry, django_capture_on_commit_callbacks).kind == K.UNCHANGED
    state = WatchState.objects.get(entry=bluesky_entry)
    assert (state.finding, state.suspected, state.suspected_reads) == ("", "", 0)
    kinds = list(bluesky_entry.observations.values_list("kind", flat=True))
    assert kinds == [K.UNCONFIRMED, K.UNCHANGED]


def test_reads_closer_together_than_the_spacing_do_not_confirm(bluesky_entry, settings):
    settings.WATCH_CONFIRM_READS, settings.WATCH_CONFIRM_SECONDS = 2, 600
    state = WatchState.objects.create(entry=bluesky_entry)
    start = timezone.now()
    gone = Seen(exists=False)
    assert record(bluesky_entry, state, gone, gone, at=start).kind == K.UNCONFIRMED
    soon = start + datetime.timedelta(seconds=300)
    assert record(bluesky_entry, state, gone, gone, at=soon).kind == K.UNCONFIRMED
    later = start + datetime.timedelta(seconds=600)
    assert record(bluesky_entry, state, gone, gone, at=later).kind == K.GONE


def test_an_unconfirmed_observation_is_read_again_soon(bluesky_entry, settings):
    settings.WATCH_CONFIRM_SECONDS, settings.WATCH_INTERVAL_HOURS = 1200, {"default": 24}
    state = WatchState.objects.create(entry=bluesky_entry)
    now = timezone.now()
    record(bluesky_entry, state, Seen(exists=False), Seen(exists=False), at=now)
    assert state.next_check_at == now + datetime.timedelta(seconds=1200)


def test_a_rename_needs_the_new_handle_to_lead_back_to_the_account(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    """A handle lookup failing while the id still answers (an outage) is no rename."""
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky_profile(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    serve_bluesky_unknown(platform, handle="gouvernement.bsky.social")
    assert checks(bluesky_entry, django_capture_on_commit_callbacks, 3) == [K.FAILED] * 3
    assert verify_link(LINK).result == Result.OFFICIAL


def test_a_bluesky_handle_that_fails_its_check_is_no_rename_to_handle_invalid(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky_profile(platform, handle="handle.invalid", did="did:plc:official")
    assert checks(bluesky_entry, django_capture_on_commit_callbacks, 3) == [K.FAILED] * 3
    assert WatchState.objects.get(entry=bluesky_entry).pending_handle == ""


def test_an_answer_about_another_account_is_a_failed_check(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    platform.clear()
    platform.expect_request("/xrpc/com.atproto.identity.resolveHandle").respond_with_json(
        {"did": "did:plc:official"}
    )
    serve_bluesky_profile(platform, handle="someone.else.social", did="did:plc:official")
    assert check(bluesky_entry, django_capture_on_commit_callbacks).kind == K.FAILED


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><h1>Maintenance</h1></body></html>",
        "<html><body><form id='captcha'>Are you a robot?</form></body></html>",
    ],
)
def test_a_telegram_maintenance_or_captcha_page_is_a_failed_check_not_gone(
    platform, make_entry, page, django_capture_on_commit_callbacks
):
    entry = make_entry(
        Status.VERIFIED, platform="telegram", handle="gouvlu", url="https://t.me/gouvlu"
    )
    platform.expect_request("/gouvlu").respond_with_data(page, content_type="text/html")
    assert checks(entry, django_capture_on_commit_callbacks, 3) == [K.FAILED] * 3
    assert verify_link("https://t.me/gouvlu").result == Result.OFFICIAL


# --- 29.2 Takeover at once; 29.4 the permanent id -------------------------------------------


def test_check_now_on_a_taken_over_handle_keeps_the_id_and_raises_a_takeover(
    client, platform, reviewer, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor", text="Crypto")
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("review:watch-check", args=[bluesky_entry.pk]))
    assert r.status_code == 302
    bluesky_entry.refresh_from_db()
    assert bluesky_entry.platform_account_id == "did:plc:official"
    assert bluesky_entry.status == Status.SUSPENDED
    assert bluesky_entry.watch.finding == Finding.TAKEOVER
    proof = bluesky_entry.observations.get(kind=K.PROOF)
    assert proof.seen["by_handle"]["account_id"] == "did:plc:impostor"  # the evidence, apart
    assert verify_link(LINK).result == Result.SUSPENDED


def test_the_watch_never_replaces_a_stored_id(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    for _read in range(3):
        check(bluesky_entry, django_capture_on_commit_callbacks)
    bluesky_entry.refresh_from_db()
    assert bluesky_entry.platform_account_id == "did:plc:official"


# --- 29.5 Gone is not official; 29.3 recovery ------------------------------------------------


def test_a_confirmed_absence_stops_every_official_answer(
    client, platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert checks(bluesky_entry, django_capture_on_commit_callbacks, 3)[-1] == K.GONE
    assert verify_link(LINK).result == Result.GONE
    assert client.get("/api/v1/verify/", {"url": LINK}).json()["result"] == "gone"
    page = client.get(reverse("public:verify"), {"url": LINK}).content.decode()
    assert 'class="result result-gone"' in page
    badge = client.get(f"/badges/{bluesky_entry.pk}.svg", {"lang": "en"}).content.decode()
    assert "No longer official" in badge and "Official account" not in badge
    listed = client.get("/.well-known/official-accounts.json").json()["accounts"]
    assert "gouv.bsky.social" not in [row["handle"] for row in listed]


def test_a_gone_account_that_answers_again_is_restored_by_the_watch_itself(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    checks(bluesky_entry, django_capture_on_commit_callbacks, 3)
    platform.clear()
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    kinds = checks(bluesky_entry, django_capture_on_commit_callbacks, 3)
    assert kinds == [K.UNCONFIRMED, K.UNCONFIRMED, K.RESTORED]
    state = WatchState.objects.get(entry=bluesky_entry)
    assert (state.finding, state.gone_confirmed_at) == ("", None)
    assert verify_link(LINK).result == Result.OFFICIAL


def test_a_rename_reverted_on_the_platform_is_withdrawn(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    checks(bluesky_entry, django_capture_on_commit_callbacks, 3)
    assert verify_link(LINK).result == Result.HANDLE_CHANGED
    platform.clear()
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert checks(bluesky_entry, django_capture_on_commit_callbacks, 3)[-1] == K.RESTORED
    assert verify_link(LINK).result == Result.OFFICIAL


def test_a_reviewer_clears_any_finding_in_one_recorded_click_and_the_answer_follows(
    client, platform, reviewer, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    checks(bluesky_entry, django_capture_on_commit_callbacks, 3)
    assert verify_link(LINK).result == Result.GONE
    bluesky_entry.refresh_from_db()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("review:act", args=[bluesky_entry.pk]),
            {"move": Move.WATCH_HANDLED, "version": bluesky_entry.version},
        )
    assert r.status_code == 302
    assert bluesky_entry.events.last().move == Move.WATCH_HANDLED
    assert bluesky_entry.events.last().actor == reviewer
    assert verify_link(LINK).result == Result.OFFICIAL


# --- 29.9 Hostile text, isolation ------------------------------------------------------------

HOSTILE = "Gouv\x00ern\ud800ement \u202eofficiel\u202c\n" + "x" * 1_500_000


def test_hostile_text_from_a_platform_is_cleaned_and_bounded_before_it_is_stored(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official", name=HOSTILE)
    assert check(bluesky_entry, django_capture_on_commit_callbacks).kind == K.UNCHANGED
    shown = WatchState.objects.get(entry=bluesky_entry).last_seen["display_name"]
    assert shown.startswith("Gouvernement officiel x")
    assert len(shown) == 200


def test_a_takeover_with_hostile_text_suspends_and_commits(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor", name=HOSTILE)
    assert check(bluesky_entry, django_capture_on_commit_callbacks).kind == K.TAKEOVER
    assert SocialAccount.objects.get(pk=bluesky_entry.pk).status == Status.SUSPENDED


def test_check_now_and_the_review_page_survive_hostile_text(
    client, platform, reviewer, bluesky_entry
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official", text=HOSTILE)
    client.force_login(reviewer)
    r = client.post(reverse("review:watch-check", args=[bluesky_entry.pk]), follow=True)
    assert r.status_code == 200
    assert len(r.content) < 200_000


def test_a_bad_answer_for_one_entry_never_stops_the_others(platform, make_entry, bluesky_entry):
    broken = make_entry(
        Status.VERIFIED,
        platform="bluesky",
        handle="broken.bsky.social",
        url="https://bsky.app/profile/broken.bsky.social",
    )
    platform.expect_request(
        "/xrpc/com.atproto.identity.resolveHandle", query_string={"handle": "broken.bsky.social"}
    ).respond_with_json(["not", "an", "object"])
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    summary = run_due_checks()
    assert (summary.checked, summary.failed) == (2, 1)
    assert broken.observations.get().kind == K.FAILED
    assert bluesky_entry.observations.get().kind == K.UNCHANGED


# --- 29.10 One writer of public changes ------------------------------------------------------


def test_the_first_permanent_id_reaches_a_kept_answer_at_once(
    platform, make_entry, django_capture_on_commit_callbacks
):
    """The id answers the verify API by itself: its first write goes through the one writer,
    so an answer kept before it is not served after it."""
    entry = make_entry(Status.VERIFIED, platform="bluesky", handle="gouv.bsky.social", url=LINK)
    did = "did:plc:abcdefghijklmnopqrstuvwx"
    by_id = f"https://bsky.app/profile/{did}"
    assert verify_link(by_id).result == Result.NOT_REGISTERED  # kept under the register version
    serve_bluesky(platform, handle="gouv.bsky.social", did=did)
    assert check(entry, django_capture_on_commit_callbacks).kind == K.FIRST
    assert verify_link(by_id).result == Result.OFFICIAL


def test_a_confirmed_finding_reaches_a_kept_answer_at_once(
    platform, bluesky_entry, django_capture_on_commit_callbacks
):
    assert verify_link(LINK).result == Result.OFFICIAL
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    checks(bluesky_entry, django_capture_on_commit_callbacks, 3)
    assert verify_link(LINK).result == Result.GONE


def test_the_openapi_document_names_the_gone_answer(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    enum = schema["components"]["schemas"]["ResultEnum"]["enum"]
    assert "gone" in enum and "handle_changed" in enum
    described = schema["components"]["schemas"]["Verdict"]["properties"]["result"]["description"]
    assert "gone: the verified account is no longer on the platform" in described


def test_not_found_answers_for_much_of_a_platform_at_once_are_an_outage_not_evidence(
    make_entry, bluesky_entry
):
    now = timezone.now()
    for n in range(20):
        other = make_entry(
            Status.VERIFIED,
            platform="bluesky",
            handle=f"gouv{n}.bsky.social",
            url=f"https://bsky.app/profile/gouv{n}.bsky.social",
        )
        Observation.objects.create(
            entry=other, kind=K.UNCONFIRMED, suspected=K.GONE, created_at=now
        )
    state = WatchState.objects.create(entry=bluesky_entry)
    gone = Seen(exists=False)
    kinds = [record(bluesky_entry, state, gone, gone, at=now).kind for _read in range(4)]
    assert kinds == [K.UNCONFIRMED] * 4
    assert verify_link(LINK).result == Result.OFFICIAL


def test_the_admin_cannot_replace_a_stored_permanent_id(client, bluesky_entry):
    from tests.conftest import make_user

    superuser = make_user("root@sip.example", "Root Superuser", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:registry_socialaccount_change", args=[bluesky_entry.pk])
    form = client.get(url).context["adminform"].form
    assert "platform_account_id" not in form.fields
    assert "display_name" in form.fields
