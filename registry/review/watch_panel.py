"""The dashboard's watch panel: what the watch covers, how often it reads each platform (the
cadence for the register's size), and what it found, each figure a queue link."""

import datetime

from django.db.models import Count, Max
from django.utils import timezone

from registry.models import Observation, Platform, WatchState
from registry.review.queries import Need
from registry.watch import limits
from registry.watch.service import WATCHED_STATUSES, watched_entries

FINDING_KINDS = {
    Need.TAKEOVER: Observation.Kind.TAKEOVER,
    Need.RENAMED: Observation.Kind.RENAMED,
    Need.GONE: Observation.Kind.GONE,
    Need.PROFILE: Observation.Kind.PROFILE,
}


def watch_panel(days: int = 30) -> dict:
    from registry.models import SocialAccount

    looks = Observation.objects.exclude(kind=Observation.Kind.PROOF)
    since = timezone.now() - datetime.timedelta(days=days)
    found = dict(
        looks.filter(created_at__gte=since, kind__in=FINDING_KINDS.values())
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    open_now = dict(
        WatchState.objects.exclude(finding="")
        .order_by()
        .values_list("finding")
        .annotate(n=Count("id"))
    )
    per_platform = dict(
        watched_entries().order_by().values_list("platform").annotate(n=Count("id"))
    )
    labels = dict(Platform.choices)
    watched_total = sum(per_platform.values())
    public_total = SocialAccount.objects.filter(status__in=WATCHED_STATUSES).count()
    return {
        "last_run": looks.aggregate(last=Max("created_at"))["last"],
        "platforms": [
            (
                labels.get(slug, slug),
                n,
                f"need=any&watch=watched&platform={slug}",
                limits.check_interval(slug),
            )
            for slug, n in sorted(per_platform.items())
        ],
        "not_watched": public_total - watched_total,
        "findings": [
            (label, found.get(FINDING_KINDS[need], 0), open_now.get(need, 0), f"need={need}")
            for need, label in Need.CHOICES
            if need in FINDING_KINDS
        ],
        "failing": WatchState.objects.filter(failures__gt=0).count(),
        "days": days,
    }
