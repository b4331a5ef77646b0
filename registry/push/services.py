"""What a central admin does to subscribers: register an endpoint, rotate its secret, resume a
failing one, replay deliveries. (The admin pages call these; so may a command or a test.)"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from registry.push.deliveries import wake
from registry.push.models import Delivery, Subscriber, new_secret


def register_endpoint(endpoint: Subscriber) -> Subscriber:
    """Save `endpoint` (its name, address, events, owner filled in) as a webhook endpoint, active
    at once, with a fresh `whsec_` secret; its ministries may be set once it is saved."""
    endpoint.kind, endpoint.status = Subscriber.Kind.WEBHOOK, Subscriber.Status.ACTIVE
    endpoint.secret = new_secret()
    endpoint.save()
    return endpoint


def rotate_secret(subscriber: Subscriber) -> str:
    """A new secret; the old one still signs every message for PUSH_SECRET_OVERLAP_HOURS, so the
    receiver can switch without losing one."""
    overlap = datetime.timedelta(hours=settings.PUSH_SECRET_OVERLAP_HOURS)
    subscriber.previous_secret = subscriber.secret
    subscriber.previous_secret_until = timezone.now() + overlap
    subscriber.secret = new_secret()
    subscriber.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return subscriber.secret


@transaction.atomic
def resume(subscriber: Subscriber) -> None:
    """A failing subscriber answers again: its waiting deliveries go out, oldest first."""
    Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.FAILING).update(
        status=Subscriber.Status.ACTIVE, failing_since=None
    )
    wake([subscriber.pk])


@transaction.atomic
def replay(deliveries: QuerySet) -> int:
    """Send these deliveries again (delivered or failed ones alike), in their order, now; returns
    how many were queued. A subscriber that was failing is resumed."""
    chosen = deliveries.exclude(status=Delivery.Status.PENDING)
    per_subscriber: dict[int, int] = {}
    for pk in chosen.values_list("subscriber_id", flat=True):
        per_subscriber[pk] = per_subscriber.get(pk, 0) + 1
    count = chosen.update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for pk, n in per_subscriber.items():
        Subscriber.objects.filter(pk=pk).update(queued=F("queued") + n)
    Subscriber.objects.filter(pk__in=per_subscriber, status=Subscriber.Status.FAILING).update(
        status=Subscriber.Status.ACTIVE, failing_since=None
    )
    wake(per_subscriber)
    return count


def replay_range(subscriber: Subscriber, first: int, last: int) -> int:
    """Replay the subscriber's deliveries of changes `first` to `last` (ids, both included)."""
    return replay(subscriber.deliveries.filter(change_id__gte=first, change_id__lte=last))
