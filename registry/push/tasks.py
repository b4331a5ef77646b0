"""The drain: one job at a time per subscriber sends its pending deliveries, oldest change first.

- One drain per subscriber at once (a claim with an expiry on its row: a crashed drain's claim
  lapses), so a slow subscriber holds one worker at most, and for `PUSH_DRAIN_SECONDS` at most
  before its drain queues itself again behind the others. Drains run on the "push" queue: a
  `db_worker --queue-name push` of their own keeps them off the registry's own jobs.
- Order per account: a delivery waits while an earlier one of the same account to the same
  subscriber is pending (a subscriber never hears "reinstated" before "suspended").
- A failure (an answer other than 2xx, a redirect, a timeout, no connection) is retried after
  `backoff()`, for `PUSH_MAX_ATTEMPTS` tries (more than three days); after the last the
  delivery is dead-lettered, the subscriber marked failing (its deliveries wait) and its owner
  and the central unit told. An address that does not answer at all stops the drain there.
"""

import datetime
import time

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import task

from registry.push import senders
from registry.push.models import Delivery, Subscriber

Pending = Delivery.Status.PENDING


@task(queue_name="push")
def drain(subscriber_pk: int) -> str:
    """Send the subscriber's due deliveries, in order, for `PUSH_DRAIN_SECONDS` at most."""
    claimed = _claim(subscriber_pk)
    if claimed is None:
        return "no such subscriber"
    if not claimed:
        later = timezone.now() + datetime.timedelta(seconds=settings.PUSH_BUSY_RETRY_SECONDS)
        drain.using(run_after=later).enqueue(subscriber_pk)
        return "another drain is running"
    try:
        return _drain(subscriber_pk, time.monotonic() + settings.PUSH_DRAIN_SECONDS)
    finally:
        Subscriber.objects.filter(pk=subscriber_pk).update(draining_until=None)


def _claim(pk: int) -> bool | None:
    """True: this drain may run; False: another one runs; None: the subscriber is gone."""
    now = timezone.now()
    until = now + datetime.timedelta(
        seconds=settings.PUSH_DRAIN_SECONDS + settings.PUSH_TIMEOUT * 2
    )
    free = Q(draining_until__isnull=True) | Q(draining_until__lt=now)
    if Subscriber.objects.filter(free, pk=pk).update(draining_until=until):
        return True
    return False if Subscriber.objects.filter(pk=pk).exists() else None


def _drain(pk: int, deadline: float) -> str:
    sent, cursor = 0, 0
    Subscriber.objects.filter(pk=pk).update(wake_requested=False)  # later changes wake it again
    blocked: set = set()
    while True:
        subscriber = Subscriber.objects.filter(pk=pk).first()
        if subscriber is None or subscriber.status != Subscriber.Status.ACTIVE:
            return "not active: nothing sent"
        batch = list(
            subscriber.deliveries.filter(status=Pending, change_id__gt=cursor)
            .select_related("change")
            .order_by("change_id")[: settings.PUSH_BATCH]
        )
        if not batch:
            break
        cursor = batch[-1].change_id
        done, stop = senders.SEND[subscriber.kind](subscriber, batch, blocked)
        sent += done
        if stop:
            break
        if time.monotonic() > deadline:
            drain.enqueue(pk)  # more to send: behind the other subscribers' drains
            return f"sent {sent}, more to come"
    _schedule_next(pk)
    return f"sent {sent}"


def _schedule_next(pk: int) -> None:
    """A drain when the earliest retry is due (the deliveries waiting behind it go then too;
    the periodic sweep catches any drain lost)."""
    now = timezone.now()
    due = Delivery.objects.filter(subscriber_id=pk, status=Pending, next_attempt_at__gt=now)
    when = due.aggregate(when=Min("next_attempt_at"))["when"]
    if when is not None:
        drain.using(run_after=when).enqueue(pk)


@task()
def wake_due_drains() -> str:
    """Every minute: a drain for each active subscriber with a delivery due (after a retry's
    wait, or a drain lost with a crashed worker)."""
    from registry.push.deliveries import wake

    due = (
        Delivery.objects.filter(
            status=Pending,
            next_attempt_at__lte=timezone.now(),
            subscriber__status=Subscriber.Status.ACTIVE,
        )
        .values_list("subscriber_id", flat=True)
        .distinct()
    )
    pks = set(due)
    wake(pks)
    return f"{len(pks)} subscriber(s) woken"
