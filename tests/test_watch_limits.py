"""How fast and how many at once the watch asks each platform, across workers (registry/watch/
limits.py): the rate clock, the leased concurrency slots, a platform's "slow down"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Observation, PlatformClock, PlatformSlot, WatchState
from registry.watch import limits
from registry.watch.fetch import FetchError, fetch
from registry.watch.service import check_entry
from tests.conftest import serve_bluesky

pytestmark = pytest.mark.django_db


def test_the_rate_clock_spaces_requests_by_the_platform_rate(settings):
    settings.WATCH_RATE_PER_MINUTE = {"default": 0, "github": 60}
    delays = [limits.reserve_slot("github") for _request in range(3)]
    assert delays[0] == 0
    assert delays[1] == pytest.approx(1.0, abs=0.2)
    assert delays[2] == pytest.approx(2.0, abs=0.2)


def test_an_unlimited_platform_never_waits(settings):
    settings.WATCH_RATE_PER_MINUTE = {"default": 0}
    assert [limits.reserve_slot("bluesky") for _request in range(3)] == [0, 0, 0]


def test_each_platform_has_its_own_clock(settings):
    settings.WATCH_RATE_PER_MINUTE = {"default": 60}
    limits.reserve_slot("github")
    assert limits.reserve_slot("mastodon") == 0


def test_a_pause_holds_every_worker_back_and_a_long_one_is_not_waited_for(settings):
    settings.WATCH_RATE_PER_MINUTE = {"default": 0}
    limits.pause("github", 3600)
    assert limits.reserve_slot("github") == pytest.approx(3600, abs=5)
    with pytest.raises(limits.MustWait):
        limits.wait_for_slot("github")


def test_a_pause_never_brings_the_clock_back(settings):
    limits.pause("github", 3600)
    limits.pause("github", 60)
    clock = PlatformClock.objects.get(platform="github")
    assert clock.next_slot_at > timezone.now() + datetime.timedelta(seconds=3500)


def test_the_concurrency_cap_leases_as_many_slots_as_allowed(settings):
    settings.WATCH_CONCURRENCY = {"default": 2}
    first, second = limits.take_slot("bluesky"), limits.take_slot("bluesky")
    assert first is not None and second is not None and first != second
    assert limits.take_slot("bluesky") is None
    assert limits.take_slot("github") is not None  # a cap per platform
    limits.release_slot(first)
    assert limits.take_slot("bluesky") == first


def test_a_dead_workers_slot_lapses_after_the_claim_time(settings):
    settings.WATCH_CONCURRENCY = {"default": 1}
    slot = limits.take_slot("bluesky")
    assert limits.take_slot("bluesky") is None
    PlatformSlot.objects.filter(pk=slot).update(held_until=timezone.now())
    assert limits.take_slot("bluesky") == slot


def test_a_check_finding_every_slot_taken_is_put_back(platform, bluesky_entry, settings):
    settings.WATCH_CONCURRENCY = {"default": 1}
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    limits.take_slot("bluesky")
    assert check_entry(bluesky_entry.pk) is None
    assert not platform.log


def test_a_check_gives_its_slot_back_and_holds_no_transaction_across_the_network(
    platform, bluesky_entry, settings
):
    settings.WATCH_CONCURRENCY = {"default": 1}
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    assert check_entry(bluesky_entry.pk).kind == Observation.Kind.UNCHANGED
    assert limits.take_slot("bluesky") is not None


def test_a_claimed_entry_is_not_claimed_again_while_its_check_runs(platform, bluesky_entry):
    from registry.watch.service import claim

    assert claim(bluesky_entry.pk) is not None
    assert claim(bluesky_entry.pk) is None  # the claim moved its next check past the lease


def test_a_rate_limit_answer_pauses_the_platform_for_every_entry(platform, bluesky_entry, settings):
    platform.expect_request("/xrpc/com.atproto.identity.resolveHandle").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "600"}
    )
    assert check_entry(bluesky_entry.pk).kind == Observation.Kind.FAILED
    clock = PlatformClock.objects.get(platform="bluesky")
    assert clock.next_slot_at > timezone.now() + datetime.timedelta(seconds=590)


def test_a_paused_platform_puts_its_checks_back_without_failing_them(
    platform, bluesky_entry, settings
):
    limits.pause("bluesky", 900)
    assert check_entry(bluesky_entry.pk) is None
    state = WatchState.objects.get(entry=bluesky_entry)
    assert state.failures == 0
    assert state.next_check_at > timezone.now() + datetime.timedelta(seconds=880)
    assert not platform.log


def test_githubs_rate_limit_403_is_a_limit_not_a_bad_answer(platform):
    reset = int(timezone.now().timestamp()) + 1200
    platform.expect_request("/users/gouvlu").respond_with_json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )
    with pytest.raises(FetchError) as limited:
        fetch(platform.url_for("/users/gouvlu"))
    assert limited.value.kind == "rate_limited"
    assert limited.value.retry_after == pytest.approx(1200, abs=5)


def test_an_observation_awaiting_confirmation_is_read_again_sooner(settings):
    settings.WATCH_INTERVAL_HOURS = {"default": 24}
    settings.WATCH_CONFIRM_SECONDS = 1200
    assert limits.next_read_in("github") == datetime.timedelta(hours=24)
    assert limits.next_read_in("github", confirming=True) == datetime.timedelta(minutes=20)


@pytest.mark.parametrize(
    ("platform", "entries", "minutes"),
    [
        ("bluesky", 10, 15),  # never more often than every 15 minutes
        ("bluesky", 10_000, 83.3),  # two requests a check at 80 % of 300 a minute
        ("github", 1_000, 1_250),  # 60 an hour without a token
        ("github", 10_000, 24 * 60),  # never less often than daily (the clock makes it late)
        ("mastodon", 1_000, 41.7),
    ],
)
def test_the_cadence_follows_the_platform_rate_and_the_register_size(
    platform, entries, minutes, settings
):
    settings.WATCH_RATE_PER_MINUTE = {"default": 60, "bluesky": 300, "github": 1, "mastodon": 30}
    every = limits.cadence(platform, entries)
    assert every.total_seconds() / 60 == pytest.approx(minutes, abs=0.1)


def test_an_explicit_interval_overrides_the_cadence(settings):
    settings.WATCH_INTERVAL_HOURS = {"github": 6}
    assert limits.check_interval("github") == datetime.timedelta(hours=6)


def test_the_watch_panel_shows_each_platforms_cadence(client, reviewer, bluesky_entry):
    client.force_login(reviewer)
    page = client.get(reverse("review:dashboard")).content.decode()
    assert "15 min" in page
