"""The registry's own WebSub hub (W3C Recommendation, 2018) at /websub/, for its Atom feeds.

A subscriber POSTs `hub.mode` (subscribe or unsubscribe), `hub.topic` (one of `topics()`),
`hub.callback`, and optionally `hub.lease_seconds` and `hub.secret`. The hub answers 202 at once
and checks the intent in a job: a GET of the callback with `hub.challenge`, which must come back
as the body of a 2xx. A subscription lasts its lease (renewed by subscribing again) and receives,
after each public change, the feed as it is then, signed with `X-Hub-Signature: sha256=…` when it
gave a secret. The callback is reached through the same safe fetcher as the watch.
"""

import datetime
import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_tasks import task

from accounts.access import Rule, access
from registry.push.models import Subscriber
from registry.watch.fetch import FetchError, fetch

MAX_SECRET_BYTES = 199  # the spec: "less than 200 bytes"


def hub_url() -> str:
    return settings.SITE_URL + reverse("websub-hub")


def topics() -> dict[str, str]:
    """Each feed a subscriber may follow (its absolute address) and its language."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[settings.SITE_URL + reverse("public:feed")] = code
    return found


@csrf_exempt  # a server-to-server protocol: no session, no cookie, nothing to forge
@require_POST
@access(Rule.PUBLIC)
def hub(request) -> HttpResponse:
    """Accept a (un)subscription request (202) or say what is wrong with it (400)."""
    form = request.POST
    mode, topic = form.get("hub.mode", ""), form.get("hub.topic", "")
    callback, secret = form.get("hub.callback", ""), form.get("hub.secret", "")
    problem = _problem(mode, topic, callback, secret)
    if problem is None and mode == "subscribe":
        lease, problem = _lease(form.get("hub.lease_seconds", ""))
    else:
        lease = 0
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    verify_intent.enqueue(mode, topic, callback, lease, secret)
    return HttpResponse(status=202)


def _problem(mode: str, topic: str, callback: str, secret: str) -> str | None:
    if mode not in ("subscribe", "unsubscribe"):
        return pgettext("push", "hub.mode must be subscribe or unsubscribe.")
    if topic not in topics():
        return pgettext("push", "hub.topic is not a feed of this registry: %(topics)s") % {
            "topics": " ".join(topics())
        }
    parts = urlsplit(callback)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(callback) > 2000:
        return pgettext("push", "hub.callback must be an http or https address.")
    if len(secret.encode()) > MAX_SECRET_BYTES:
        return pgettext("push", "hub.secret must be shorter than 200 bytes.")
    return None


def _lease(value: str) -> tuple[int, str | None]:
    if not value:
        return settings.PUSH_WEBSUB_LEASE_SECONDS, None
    if not value.isdigit():
        return 0, pgettext("push", "hub.lease_seconds must be a whole number of seconds.")
    low, high = settings.PUSH_WEBSUB_MIN_LEASE_SECONDS, settings.PUSH_WEBSUB_MAX_LEASE_SECONDS
    return max(low, min(int(value), high)), None


@task(queue_name="push")
def verify_intent(mode: str, topic: str, callback: str, lease: int, secret: str) -> str:
    """Ask the callback to confirm; on a confirmation, start, renew or end the subscription."""
    challenge = secrets.token_urlsafe(24)
    query = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge}
    if mode == "subscribe":
        query["hub.lease_seconds"] = str(lease)
    separator = "&" if urlsplit(callback).query else "?"
    try:
        answer = fetch(callback + separator + urlencode(query), accept="text/plain")
    except FetchError as exc:
        return f"not confirmed: {exc}"
    if not (200 <= answer.status < 300) or answer.text.strip() != challenge:
        return f"not confirmed: HTTP {answer.status} without the challenge"
    if mode == "unsubscribe":
        ended = Subscriber.objects.filter(kind=Subscriber.Kind.WEBSUB, topic=topic, url=callback)
        return f"unsubscribed ({ended.update(status=Subscriber.Status.ENDED)})"
    Subscriber.objects.update_or_create(
        kind=Subscriber.Kind.WEBSUB,
        topic=topic,
        url=callback,
        defaults={
            "name": urlsplit(callback).hostname,
            "secret": secret,
            "status": Subscriber.Status.ACTIVE,
            "lease_expires_at": timezone.now() + datetime.timedelta(seconds=lease),
        },
    )
    return "subscribed"


def feed_document(topic: str) -> bytes:
    """The feed at `topic` as a reader fetching it now gets it (rendered without a request)."""
    from registry.exports.feed import PublicChangesFeed

    parts = urlsplit(topic)
    request = _FeedRequest(parts.scheme)
    request.method, request.path = "GET", parts.path
    request.META = {
        "SERVER_NAME": parts.hostname,
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "HTTP_HOST": parts.netloc,
    }
    with translation.override(topics().get(topic, settings.LANGUAGE_CODE)):
        return PublicChangesFeed()(request).content


class _FeedRequest(HttpRequest):
    def __init__(self, scheme: str):
        super().__init__()
        self._scheme = scheme

    def _get_scheme(self) -> str:
        return self._scheme
