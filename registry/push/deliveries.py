"""From a public change to its deliveries, in the change's own transaction (a rolled-back change
delivers nothing; a committed one has its deliveries written with it: none can be lost between).

A subscriber with `PUSH_MAX_QUEUED` deliveries waiting gets the change recorded as a failed
delivery ("queue full") instead: kept, shown to central admins, and replayable.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from registry.models import SocialAccount
from registry.push import labels
from registry.push.models import Change, Delivery, Subscriber
from registry.push.payload import build

QUEUE_FULL = "not sent: the subscriber's queue was full"


def fan_out(entry: SocialAccount, kind: str, log: dict | None = None) -> Change | None:
    """Write change `kind` of `entry` and one delivery per subscriber who wants it; wake their
    drains, and relabel the account if it is a Bluesky one. `log` is the change's
    transparency-log entry (`{"index", "leaf_hash"}`) if any."""
    labels.relabel(entry)
    wanting = subscribers_of(entry, kind)
    if not wanting:
        return None
    with transaction.atomic(savepoint=False):  # no savepoint: one query less per change
        when = timezone.now()
        change = Change.objects.create(
            entry=entry,
            kind=kind,
            ministry_id=entry.service.ministry_id,
            payload={},
            created_at=when,
        )
        change.payload = build(entry, kind, change_id=change.pk, when=when, log=log)
        change.save(update_fields=["payload"])
        accepted = _take_places([s.pk for s in wanting])
        Delivery.objects.bulk_create(_delivery(s.pk, change, s.pk in accepted) for s in wanting)
        wake(accepted)
    return change


def _delivery(subscriber_pk: int, change: Change, has_room: bool) -> Delivery:
    if has_room:
        return Delivery(
            subscriber_id=subscriber_pk, change=change, next_attempt_at=change.created_at
        )
    return Delivery(
        subscriber_id=subscriber_pk,
        change=change,
        status=Delivery.Status.FAILED,
        last_answer=QUEUE_FULL,
    )


def subscribers_of(entry: SocialAccount, kind: str) -> list[Subscriber]:
    """Webhook endpoints whose events and ministries match, and WebSub subscriptions whose lease
    runs (every public change may change the feeds). Failing ones too: they keep a queue."""
    live = Subscriber.objects.filter(
        status__in=[Subscriber.Status.ACTIVE, Subscriber.Status.FAILING]
    ).filter(
        Q(kind=Subscriber.Kind.WEBHOOK)
        | Q(kind=Subscriber.Kind.WEBSUB, lease_expires_at__gt=timezone.now())
    )
    ministry = entry.service.ministry_id
    return [
        s
        for s in live.prefetch_related("ministries")
        if (not s.events or kind in s.events)
        and (s.kind == Subscriber.Kind.WEBSUB or _wants_ministry(s, ministry))
    ]


def _wants_ministry(subscriber: Subscriber, ministry_id: int) -> bool:
    chosen = {m.pk for m in subscriber.ministries.all()}
    return not chosen or ministry_id in chosen


def _take_places(pks: list[int]) -> set[int]:
    """The subscribers among `pks` with room in their queue, each given one more place."""
    accepted = set(
        Subscriber.objects.select_for_update()
        .filter(pk__in=pks, queued__lt=settings.PUSH_MAX_QUEUED)
        .values_list("pk", flat=True)
    )
    Subscriber.objects.filter(pk__in=accepted).update(queued=F("queued") + 1)
    return accepted


def wake(pks) -> None:
    """Queue a drain job for each subscriber among `pks` that has none waiting (in the current
    transaction), to run PUSH_COALESCE_SECONDS after: the changes of a burst go out together,
    one drain per subscriber and interval rather than one per change."""
    from registry.push.tasks import drain

    delay = datetime.timedelta(seconds=settings.PUSH_COALESCE_SECONDS)
    job = drain.using(run_after=timezone.now() + delay) if delay else drain

    with transaction.atomic(savepoint=False):
        asleep = list(
            Subscriber.objects.select_for_update()
            .filter(pk__in=list(pks), wake_requested=False)
            .values_list("pk", flat=True)
        )
        Subscriber.objects.filter(pk__in=asleep).update(wake_requested=True)
        for pk in asleep:
            job.enqueue(pk)
