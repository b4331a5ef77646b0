"""`seed_bulk`: many public entries with their history, recognisable and idempotent per N."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from accounts.models import User
from registry.demo.bulk import PREFIX
from registry.links import parse_account_url
from registry.models import PUBLIC_STATUSES, Move, ReviewEvent, SocialAccount, Status

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only(
        reason="seed_bulk writes its rows with PostgreSQL's SQL (generate_series, arrays): a "
        "benchmark tool for the production database; SQLite is refused (test_sqlite_register)"
    ),
]

N = 300


def seed(accounts: int, *args) -> str:
    out = StringIO()
    call_command("seed_bulk", "--accounts", str(accounts), *args, stdout=out)
    return out.getvalue()


def bulk_entries():
    return SocialAccount.objects.filter(handle__contains=PREFIX)


def test_it_creates_the_number_of_entries_asked_for():
    seed(N, "--batch-size", "128")
    assert bulk_entries().count() == N


def test_running_it_again_with_the_same_number_creates_nothing():
    seed(N)
    events = ReviewEvent.objects.count()
    assert "0 bulk entries created" in seed(N)
    assert bulk_entries().count() == N
    assert ReviewEvent.objects.count() == events


def test_a_bigger_number_adds_the_difference():
    seed(N)
    seed(N + 50)
    assert bulk_entries().count() == N + 50


def test_every_bulk_entry_is_public_and_most_are_verified():
    seed(N)
    assert bulk_entries().public().count() == N
    counts = dict(bulk_entries().values_list("status").annotate(n=Count("id")).order_by())
    assert set(counts) == {Status.VERIFIED, Status.SUSPENDED, Status.CLOSED}
    assert counts[Status.VERIFIED] > 0.8 * N


def test_entries_spread_over_platforms_services_and_ministries():
    seed(N)
    assert bulk_entries().values("platform").distinct().count() >= 10
    assert bulk_entries().values("service").distinct().count() >= 30
    assert bulk_entries().values("service__ministry").distinct().count() >= 15


def test_each_entry_has_the_events_of_its_life_ending_in_its_status():
    seed(N)
    for entry in bulk_entries().prefetch_related("events"):
        events = list(entry.events.all())
        moves = [event.move for event in events]
        assert moves[:4] == [Move.CREATE, Move.SUBMIT, Move.ASSIGN, Move.VERIFY]
        assert events[-1].to_status == entry.status
        assert entry.created_at == events[0].created_at
        if entry.status == Status.CLOSED:
            assert moves[-1] == Move.CLOSE and entry.closed_at == events[-1].created_at
        if entry.status == Status.SUSPENDED:
            assert moves[-1] == Move.SUSPEND and entry.public_notice


def test_handles_are_valid_for_their_platform_and_links_canonical():
    seed(N)
    for entry in bulk_entries():
        ref = parse_account_url(entry.url)
        assert (ref.platform, ref.handle, ref.url) == (entry.platform, entry.handle, entry.url)


def test_verified_bulk_entries_have_their_review_dates():
    seed(N)
    for entry in bulk_entries().filter(status__in=PUBLIC_STATUSES):
        assert entry.submitted_at < entry.verified_at <= entry.status_changed_at
        assert entry.next_review_due


def test_with_debug_off_the_people_it_creates_cannot_sign_in(settings):
    settings.DEBUG = False
    seed(10)
    assert bulk_entries().count() == 10
    assert not User.objects.get(email="sophie.reuter@sip.example").has_usable_password()


def test_a_negative_number_is_refused_with_a_message():
    with pytest.raises(CommandError, match="--accounts"):
        seed(-1)
