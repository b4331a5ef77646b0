"""How each kind of subscriber is sent a batch of its pending deliveries (oldest change first).

Each sender returns (deliveries delivered, stop): stop when the address gave no answer at all
(its other deliveries would fail the same way) or the subscriber was marked failing.

- Webhooks: one Standard Webhooks 1.0 message per change (`webhook-id` the change's id, stable
  across retries; `webhook-signature` with the current secret and, during a rotation, the
  previous one too), signed by the `standardwebhooks` library.
- WebSub: the subscribed feed as it is now, one POST for every change due (a feed is a state,
  not a log), with `Link: rel=hub, rel=self` and `X-Hub-Signature: sha256=…` (hub.secret).
"""

import hashlib
import hmac
import json

from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from registry.push import outcomes
from registry.push.http import post
from registry.push.models import Delivery, Subscriber
from registry.watch.fetch import FetchError

MAX_REFUSALS = 3  # refusals in one drain before it stops: a failing endpoint costs 3 tries


def send_webhooks(subscriber: Subscriber, batch: list[Delivery], blocked: set) -> tuple[int, bool]:
    """One message per change; the deliveries accepted are recorded together at the end (a
    crash before that sends them again: same `webhook-id`, which receivers deduplicate on)."""
    accepted: list[Delivery] = []
    try:
        stop = _send_each(subscriber, batch, blocked, accepted)
        return len(accepted), stop
    finally:
        if accepted:
            outcomes.delivered(accepted, "HTTP 2xx")


def _send_each(subscriber, batch, blocked: set, accepted: list) -> bool:
    now, refusals = timezone.now(), 0
    for delivery in batch:
        account = delivery.change.entry_id or f"change:{delivery.change_id}"
        if account in blocked or delivery.next_attempt_at > now:
            blocked.add(account)  # a later change of this account waits for this one
            continue
        body = json.dumps(delivery.change.payload, ensure_ascii=False, separators=(",", ":"))
        headers = signed_headers(subscriber, delivery.change.payload["id"], body.encode())
        try:
            answer = post(subscriber.url, body.encode(), headers)
        except FetchError as exc:
            outcomes.failed(subscriber, [delivery], str(exc))
            return True  # no answer: the next ones would wait for the timeout too
        if answer.ok:
            accepted.append(delivery)
            continue
        blocked.add(account)
        refusals += 1
        if outcomes.failed(subscriber, [delivery], answer.describe()):
            return True
        if refusals >= MAX_REFUSALS:
            return True  # it refuses everything, it seems: the others wait for the next drain
    return False


def signed_headers(subscriber: Subscriber, msg_id: str, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers; two signatures while a rotation lets both count."""
    when = timezone.now()
    secrets = [subscriber.secret]
    if subscriber.previous_secret and (subscriber.previous_secret_until or when) > when:
        secrets.append(subscriber.previous_secret)
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": " ".join(Webhook(s).sign(msg_id, when, body) for s in secrets),
    }


def send_websub(subscriber: Subscriber, batch: list[Delivery], blocked: set) -> tuple[int, bool]:
    from registry.push.websub import feed_document, hub_url

    now = timezone.now()
    due = [d for d in batch if d.next_attempt_at <= now]
    if not due:
        return 0, False
    body = feed_document(subscriber.topic)
    headers = {
        "Content-Type": "application/atom+xml; charset=utf-8",
        "Link": f'<{hub_url()}>; rel="hub", <{subscriber.topic}>; rel="self"',
    }
    if subscriber.secret:
        digest = hmac.new(subscriber.secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Hub-Signature"] = f"sha256={digest}"
    try:
        answer = post(subscriber.url, body, headers)
    except FetchError as exc:
        outcomes.failed(subscriber, due, str(exc))
        return 0, True
    if not answer.ok:
        return 0, outcomes.failed(subscriber, due, answer.describe())
    outcomes.delivered(due, answer.describe())
    return len(due), False


SEND = {Subscriber.Kind.WEBHOOK: send_webhooks, Subscriber.Kind.WEBSUB: send_websub}
