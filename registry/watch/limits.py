"""How fast and how many at once the watch may ask each platform, across every worker.

The rate limit is a clock per platform in the database (`PlatformClock`): a check reserves the
next free slot in one short transaction, then waits for it. The concurrency cap is a set of
PostgreSQL advisory locks per platform, held for the check's transaction: a check that finds
every slot taken is put back for later instead of waiting. (SQLite, for `make run`, has one
writer anyway: there the cap is not enforced.)
"""

import datetime
import time
import zlib

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from registry.models import PlatformClock


def per_platform(setting: dict, platform: str):
    return setting.get(platform, setting.get("default"))


def check_interval(platform: str) -> datetime.timedelta:
    return datetime.timedelta(hours=float(per_platform(settings.WATCH_INTERVAL_HOURS, platform)))


def reserve_slot(platform: str) -> float:
    """Seconds to wait before asking `platform` (0 when the rate is unlimited)."""
    rate = float(per_platform(settings.WATCH_RATE_PER_MINUTE, platform) or 0)
    if rate <= 0:
        return 0.0
    step = datetime.timedelta(seconds=60.0 / rate)
    with transaction.atomic():
        PlatformClock.objects.get_or_create(platform=platform)
        clock = PlatformClock.objects.select_for_update().get(platform=platform)
        now = timezone.now()
        slot = max(now, clock.next_slot_at)
        clock.next_slot_at = slot + step
        clock.save(update_fields=["next_slot_at"])
    return max(0.0, (slot - now).total_seconds())


def wait_for_slot(platform: str) -> None:
    delay = reserve_slot(platform)
    if delay:
        time.sleep(delay)


def take_concurrency_slot(platform: str) -> bool:
    """Inside a transaction: hold one of the platform's slots until it ends; False if all taken."""
    if connection.vendor != "postgresql":
        return True
    cap = int(per_platform(settings.WATCH_CONCURRENCY, platform) or 1)
    key = zlib.crc32(f"watch:{platform}".encode()) & 0x7FFFFFFF
    with connection.cursor() as cursor:
        for slot in range(cap):
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [key, slot])
            if cursor.fetchone()[0]:
                return True
    return False


def backoff(failures: int, platform: str, retry_after: int | None) -> datetime.timedelta:
    """When to try again after `failures` failed checks in a row (the platform's wish first)."""
    wait = datetime.timedelta(minutes=settings.WATCH_RETRY_BASE_MINUTES * 2 ** max(0, failures - 1))
    if retry_after is not None:
        wait = max(wait, datetime.timedelta(seconds=retry_after))
    return min(wait, check_interval(platform))
