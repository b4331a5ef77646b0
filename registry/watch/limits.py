"""How fast, how often and how many at once the watch may ask each platform, across workers.

- The rate limit is a clock per platform in the database (`PlatformClock`): a check reserves the
  next free slot in one short transaction, then waits for it outside any transaction. A
  platform that says "slow down" (429 with Retry-After, GitHub's rate-limit 403) moves the
  clock for every worker (`pause`).
- The concurrency cap is `WATCH_CONCURRENCY` leased slots per platform (`PlatformSlot`): a
  check takes one while it claims its entry and gives it back after the network call; no
  transaction or lock is held meanwhile, and a dead worker's slot lapses after
  `WATCH_CLAIM_SECONDS`. A check that finds every slot taken is put back for later.
- How often an entry is read (`cadence`): as often as the platform's rate allows for the
  register's size, between every 15 minutes and daily (or `WATCH_INTERVAL_HOURS` when set);
  sooner while an observation awaits confirmation (`WATCH_CONFIRM_SECONDS`), later after
  failures (`backoff`), never before a platform's Retry-After.
"""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from registry.models import PlatformClock, PlatformSlot

# A check never waits longer than this for its rate slot: beyond it, it is put back for later.
MAX_WAIT_SECONDS = 30


def per_platform(setting: dict, platform: str):
    return setting.get(platform, setting.get("default"))


FASTEST = datetime.timedelta(minutes=15)  # the watch's schedule enqueues due checks this often
SLOWEST = datetime.timedelta(hours=24)
# Requests one check makes (Bluesky: resolveHandle, then getProfile), and the share of the rate
# the regular reads may use (the rest: confirming reads, retries, "check now").
REQUESTS_PER_CHECK = {"bluesky": 2, "default": 1}
REGULAR_SHARE = 0.8


def cadence(platform: str, entries: int) -> datetime.timedelta:
    """How often each of `entries` watched entries of `platform` can be read within its rate:
    as often as the rate allows, at most every FASTEST, at least every SLOWEST (beyond which
    the rate clock makes checks late: the panel shows it)."""
    rate = float(per_platform(settings.WATCH_RATE_PER_MINUTE, platform) or 0)
    if rate <= 0:
        return FASTEST
    minutes = entries * per_platform(REQUESTS_PER_CHECK, platform) / (rate * REGULAR_SHARE)
    return min(SLOWEST, max(FASTEST, datetime.timedelta(minutes=minutes)))


def check_interval(platform: str) -> datetime.timedelta:
    """The time between two regular reads of an entry: WATCH_INTERVAL_HOURS when set for the
    platform (or as its "default"), else the cadence for the register's size."""
    hours = per_platform(settings.WATCH_INTERVAL_HOURS, platform)
    if hours is not None:
        return datetime.timedelta(hours=float(hours))
    return cadence(platform, watched_count(platform))


def watched_count(platform: str) -> int:
    from registry.models import SocialAccount
    from registry.watch.service import WATCHED_STATUSES

    return SocialAccount.objects.filter(platform=platform, status__in=WATCHED_STATUSES).count()


def next_read_in(platform: str, *, confirming: bool = False) -> datetime.timedelta:
    """When to read an entry again after a successful read: sooner when what it saw needs a
    confirming read."""
    interval = check_interval(platform)
    if confirming:
        return min(interval, datetime.timedelta(seconds=settings.WATCH_CONFIRM_SECONDS))
    return interval


def claim_duration() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WATCH_CLAIM_SECONDS)


def reserve_slot(platform: str) -> float:
    """Seconds to wait before asking `platform` (0 when the rate is unlimited and no pause)."""
    rate = float(per_platform(settings.WATCH_RATE_PER_MINUTE, platform) or 0)
    step = datetime.timedelta(seconds=60.0 / rate) if rate > 0 else datetime.timedelta(0)
    with transaction.atomic():
        PlatformClock.objects.get_or_create(platform=platform)
        clock = PlatformClock.objects.select_for_update().get(platform=platform)
        now = timezone.now()
        slot = max(now, clock.next_slot_at)
        if step or slot > now:
            clock.next_slot_at = slot + step
            clock.save(update_fields=["next_slot_at"])
    return max(0.0, (slot - now).total_seconds())


class MustWait(Exception):
    """The platform's next slot is too far away to wait for in this worker."""

    def __init__(self, seconds: float):
        super().__init__(f"the platform asked to wait {seconds:.0f} s")
        self.seconds = seconds


def wait_for_slot(platform: str) -> None:
    """Wait (outside any transaction) for this request's turn; raise `MustWait` rather than
    hold a worker for longer than MAX_WAIT_SECONDS."""
    delay = reserve_slot(platform)
    if delay > MAX_WAIT_SECONDS:
        raise MustWait(delay)
    if delay:
        time.sleep(delay)


def pause(platform: str, seconds: int | None) -> None:
    """The platform asked every client to slow down: no worker asks it for `seconds` (a minute
    when it did not say)."""
    until = timezone.now() + datetime.timedelta(seconds=seconds if seconds is not None else 60)
    with transaction.atomic():
        PlatformClock.objects.get_or_create(platform=platform)
        PlatformClock.objects.filter(platform=platform, next_slot_at__lt=until).update(
            next_slot_at=until
        )


def take_slot(platform: str) -> int | None:
    """Lease one of the platform's concurrent-check slots (its id), or None when all are held.
    Called inside the claim's transaction; the lease outlives it."""
    cap = max(1, int(per_platform(settings.WATCH_CONCURRENCY, platform) or 1))
    PlatformSlot.objects.bulk_create(
        [PlatformSlot(platform=platform, number=n) for n in range(cap)], ignore_conflicts=True
    )
    now = timezone.now()
    free = (
        PlatformSlot.objects.select_for_update(skip_locked=True)
        .filter(platform=platform, number__lt=cap, held_until__lte=now)
        .order_by("number")
        .first()
    )
    if free is None:
        return None
    free.held_until = now + claim_duration()
    free.save(update_fields=["held_until"])
    return free.pk


def release_slot(slot: int) -> None:
    PlatformSlot.objects.filter(pk=slot).update(held_until=timezone.now())


def backoff(failures: int, platform: str, retry_after: int | None) -> datetime.timedelta:
    """When to try again after `failures` failed checks in a row (the platform's wish first)."""
    wait = datetime.timedelta(minutes=settings.WATCH_RETRY_BASE_MINUTES * 2 ** max(0, failures - 1))
    wait = min(wait, max(FASTEST, check_interval(platform)))
    if retry_after is not None:
        wait = max(wait, datetime.timedelta(seconds=retry_after))
    return wait
