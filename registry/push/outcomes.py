"""What a try of a delivery leaves: delivered, or failed and retried after a wait, or
dead-lettered after its last try (the subscriber then marked failing, its owner and the central
unit told)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from registry.push import notices
from registry.push.models import Delivery, Subscriber

Pending = Delivery.Status.PENDING


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failure: doubled each time, capped."""
    seconds = settings.PUSH_RETRY_SECONDS * 2 ** (attempts - 1)
    return datetime.timedelta(seconds=min(seconds, settings.PUSH_RETRY_MAX_SECONDS))


def delivered(deliveries: list[Delivery], answer: str) -> None:
    now = timezone.now()
    pks = [d.pk for d in deliveries]
    with transaction.atomic():
        done = Delivery.objects.filter(pk__in=pks, status=Pending).update(
            status=Delivery.Status.DELIVERED,
            delivered_at=now,
            attempts=F("attempts") + 1,
            last_answer=answer[:2000],
        )
        _release_places(deliveries[0].subscriber_id, done)


def failed(subscriber: Subscriber, deliveries: list[Delivery], answer: str) -> bool:
    """Record a failed try of `deliveries`; True when the last try of one of them failed (it is
    dead-lettered and the subscriber marked failing)."""
    now, dead = timezone.now(), []
    with transaction.atomic():
        for delivery in deliveries:
            delivery.attempts += 1
            delivery.last_answer = answer[:2000]
            if delivery.attempts >= settings.PUSH_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
                dead.append(delivery)
            else:
                delivery.next_attempt_at = now + backoff(delivery.attempts)
        Delivery.objects.bulk_update(
            deliveries, ["attempts", "last_answer", "status", "next_attempt_at"]
        )
        if dead:
            _release_places(subscriber.pk, len(dead))
            mark_failing(subscriber, answer)
    return bool(dead)


def mark_failing(subscriber: Subscriber, answer: str) -> None:
    now = timezone.now()
    changed = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.ACTIVE).update(
        status=Subscriber.Status.FAILING, failing_since=now
    )
    if changed:
        subscriber.status, subscriber.failing_since = Subscriber.Status.FAILING, now
        notices.subscriber_failing(subscriber, answer)


def _release_places(pk: int, count: int) -> None:
    if count:
        Subscriber.objects.filter(pk=pk).update(queued=Greatest(F("queued") - count, 0))
