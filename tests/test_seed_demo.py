"""`seed_demo`: a coherent demo government, every status, idempotent, refused without debug."""

import datetime
import itertools
import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Membership, Ministry, User
from accounts.roles import is_central_admin, is_reviewer
from outbox.models import OutgoingEmail
from registry.demo.government import DEMO_PASSWORD, demo_logins
from registry.links import parse_account_url
from registry.models import (
    PUBLIC_STATUSES,
    EntryChange,
    Move,
    Observation,
    Reason,
    Report,
    ReviewEvent,
    SocialAccount,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module, in a transaction rolled back at its end (the way
    Django's setUpTestData works): each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", "--force", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("accounts", "registry", "auth", "outbox", "django_tasks_database")
        for model in apps.get_app_config(app).get_models()
    }


def test_demo_has_a_government_of_about_fifteen_ministries(demo):
    assert 15 <= Ministry.objects.count() <= 18
    for ministry in Ministry.objects.all():
        assert ministry.services.filter(kind="communication").exists()
        assert ministry.website.endswith(".example")


def test_demo_makes_every_status_on_at_least_ten_platforms(demo):
    assert set(SocialAccount.objects.values_list("status", flat=True)) == set(Status.values)
    assert SocialAccount.objects.values("platform").distinct().count() >= 10
    assert 75 <= SocialAccount.objects.count() <= 90


def test_every_demo_link_parses_back_to_its_platform_and_handle(demo):
    for entry in SocialAccount.objects.all():
        ref = parse_account_url(entry.url)
        assert (ref.platform, ref.handle, ref.url) == (entry.platform, entry.handle, entry.url)


def test_each_event_starts_where_the_previous_one_ended_and_the_last_gives_the_status(demo):
    for entry in SocialAccount.objects.prefetch_related("events"):
        events = list(entry.events.all())
        assert events[0].move == Move.CREATE
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status, entry
            assert after.created_at >= before.created_at, entry
        assert events[-1].to_status == entry.status, entry
        assert entry.created_at == events[0].created_at


@pytest.mark.parametrize(
    ("status", "required"),
    [
        (Status.VERIFIED, ["submitted_at", "verified_at", "next_review_due", "last_confirmed_at"]),
        (Status.SUSPENDED, ["verified_at", "next_review_due", "public_notice"]),
        (Status.CLOSED, ["verified_at", "closed_at"]),
        (Status.SUBMITTED, ["submitted_at"]),
        (Status.CHANGES_REQUESTED, ["submitted_at", "assigned_reviewer"]),
        (Status.REJECTED, ["submitted_at"]),
    ],
)
def test_entries_carry_the_dates_their_status_needs(demo, status, required):
    for entry in SocialAccount.objects.filter(status=status):
        for name in required:
            assert getattr(entry, name), (entry, name)


def test_drafts_were_never_submitted_or_verified(demo):
    for entry in SocialAccount.objects.filter(status=Status.DRAFT):
        assert (entry.submitted_at, entry.verified_at) == (None, None)


def test_the_story_spreads_over_two_years(demo):
    oldest = ReviewEvent.objects.order_by("created_at").first().created_at
    assert timezone.now() - oldest > datetime.timedelta(days=600)
    assert timezone.now() - oldest < datetime.timedelta(days=760)


def test_some_entries_were_sent_back_for_changes_before_being_verified(demo):
    reworked = SocialAccount.objects.filter(
        status=Status.VERIFIED, events__move=Move.REQUEST_CHANGES
    ).distinct()
    assert reworked.count() >= 2


def test_a_hacked_account_is_suspended_with_a_public_notice(demo):
    entry = SocialAccount.objects.get(
        platform="x", handle=parse_account_url("https://x.com/DouanesLux").handle
    )
    assert entry.status == Status.SUSPENDED
    assert "piraté" in entry.public_notice
    assert entry.events.last().reason == Reason.COMPROMISED
    assert entry.reports.filter(status=Report.Status.HANDLED).exists()


def test_a_rejection_for_not_official_and_a_withdrawal_are_told(demo):
    assert ReviewEvent.objects.filter(move=Move.REJECT, reason=Reason.NOT_OFFICIAL).exists()
    assert ReviewEvent.objects.filter(move=Move.WITHDRAW).exclude(message="").exists()


def test_re_certifications_are_due_soon_for_some_and_overdue_for_one(demo):
    today = timezone.localdate()
    verified = SocialAccount.objects.filter(status=Status.VERIFIED)
    assert verified.filter(next_review_due__lt=today).count() == 1
    assert (
        verified.filter(next_review_due__range=(today, today + datetime.timedelta(days=30))).count()
        >= 3
    )
    assert verified.exclude(confirmation_submitted_at=None).count() >= 2
    assert ReviewEvent.objects.filter(move=Move.RECERTIFY).exists()


def test_contact_changes_since_verification_are_recorded_and_flagged(demo):
    changed = SocialAccount.objects.exclude(contact_changed_at=None)
    assert changed.count() >= 2
    for entry in changed:
        assert entry.changes.last().created_at == entry.contact_changed_at
    assert EntryChange.objects.count() == changed.count()


def test_citizens_reports_include_open_ones(demo):
    assert Report.objects.filter(status=Report.Status.OPEN).count() >= 2


def test_publication_languages_include_luxembourgish_and_teams_use_reserved_domains(demo):
    assert SocialAccount.objects.filter(languages__contains="lb").count() >= 20
    for email in SocialAccount.objects.values_list("team_email", flat=True):
        assert email.endswith(".example")


@pytest.mark.parametrize(
    ("email", "check"),
    [
        ("sophie.reuter@sip.example", lambda u: is_reviewer(u) and not is_central_admin(u)),
        ("marc.weber@sip.example", lambda u: is_reviewer(u) and not is_central_admin(u)),
        ("anne.schmit@sip.example", lambda u: is_central_admin(u) and u.is_staff),
        (
            "luc.hoffmann@finances.example",
            lambda u: u.memberships.get().role == Membership.Role.MINISTRY_ADMIN,
        ),
        (
            "claire.muller@finances.example",
            lambda u: u.memberships.get().role == Membership.Role.EDITOR,
        ),
        ("paul.wagner@sante.example", lambda u: u.memberships.get().ministry.slug == "sante"),
        ("nadia.klein@sante.example", lambda u: u.memberships.get().ministry.slug == "sante"),
        ("tom.lentz@lumiere.example", lambda u: u.memberships.get().agency is not None),
    ],
)
def test_each_demo_login_has_the_documented_password_and_its_role(demo, email, check):
    user = User.objects.get(email=email)
    assert check(user)
    assert user.is_active and user.check_password(DEMO_PASSWORD)


def test_the_readme_lists_every_demo_login():
    with open("docs/demo-logins.md", encoding="utf-8") as handle:
        text = handle.read()
    assert DEMO_PASSWORD in text
    for person in demo_logins():
        assert person.email in text


def test_a_second_run_changes_nothing(demo):
    before = row_counts()
    last_change = SocialAccount.objects.order_by("-updated_at").first().updated_at
    call_command("seed_demo", "--force", stdout=StringIO())
    assert row_counts() == before
    assert SocialAccount.objects.order_by("-updated_at").first().updated_at == last_change


def test_the_storys_emails_are_sent_to_nowhere_and_leave_no_job_waiting(demo):
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() > 100
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_public_entries_all_come_from_a_verification(demo):
    for entry in SocialAccount.objects.filter(status__in=PUBLIC_STATUSES):
        assert entry.events.filter(move=Move.VERIFY).exists()


def test_it_refuses_to_run_with_debug_off_and_says_how_to_force_it(demo, settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert row_counts() == before


def test_with_debug_on_it_runs_and_prints_the_demo_logins(demo, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    assert "anne.schmit@sip.example" in out.getvalue()


def test_the_demo_has_a_verified_fediverse_account_with_its_link_back(demo, client):
    entry = SocialAccount.objects.get(status=Status.VERIFIED, platform="mastodon")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert f'<link rel="me" href="{entry.url}">' in page


def test_the_watch_story_shows_a_takeover_of_a_closed_handle(demo):
    from registry.verification import Result, verify_link

    verdict = verify_link("https://bsky.app/profile/vaccination-lux.bsky.social")
    assert (verdict.result, verdict.handle_reassigned) == (Result.CLOSED, True)
    assert verdict.entry.observations.filter(kind="takeover").exists()


def test_the_watch_story_shows_a_rename_accepted_by_the_central_unit(demo):
    from registry.verification import Result, verify_link

    entry = SocialAccount.objects.get(platform_account_id="81234567")
    assert entry.handle == "gouvlu-opendata"
    assert entry.events.filter(move=Move.ACCEPT_HANDLE, actor__isnull=False).exists()
    assert verify_link("https://github.com/gouvlu-opendata").result == Result.OFFICIAL
    assert verify_link("https://github.com/gouvlu-data").result == Result.NOT_REGISTERED


def test_the_watch_story_shows_an_account_gone_whose_ministry_was_asked_to_close(demo):
    entry = SocialAccount.objects.get(handle="gouvlu_alertes")
    assert entry.watch.finding == "gone"
    assert entry.watch.close_requested_at is not None


def test_the_demo_keeps_a_verified_bluesky_entry_with_its_did(demo):
    assert SocialAccount.objects.filter(
        platform="bluesky", status=Status.VERIFIED, platform_account_id__startswith="did:"
    ).exists()


def test_every_bluesky_did_the_demo_shows_is_valid_and_can_be_pasted(demo):
    """The DIDs of entries and of what the watch saw are real `did:plc` identifiers (24 letters
    of base32): one copied from a page and pasted into the verify page is read, not refused."""
    held = SocialAccount.objects.filter(platform="bluesky").exclude(platform_account_id="")
    seen = " ".join(json.dumps(o.seen) for o in Observation.objects.all())
    dids = {*held.values_list("platform_account_id", flat=True), *re.findall(r"did:\w+:\w+", seen)}
    assert len(dids) >= 3
    for did in dids:
        assert parse_account_url(f"https://bsky.app/profile/{did}").handle == did
