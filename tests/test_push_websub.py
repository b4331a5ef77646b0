"""WebSub (issue 32.1): the feeds advertise the registry's hub; the hub verifies each subscriber's
intent, keeps leases, and sends the feed signed (X-Hub-Signature) after each public change.
The subscriber is a real one on loopback: it answers the challenge and checks the signature."""

import hashlib
import hmac
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from registry import workflow
from registry.models import Reason
from registry.push.models import Delivery, Subscriber
from registry.push.websub import topics

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "a-subscriber-secret"


class WebSubSubscriber:
    """Confirms the intent it means (echoes hub.challenge) and keeps the deliveries whose
    signature matches its secret."""

    def __init__(self, server, *, confirms: bool = True):
        self.server, self.confirms = server, confirms
        self.checks: list[dict] = []
        self.feeds: list[bytes] = []
        self.bad_signatures = 0
        self.links: list[str] = []
        server.expect_request("/cb", method="GET").respond_with_handler(self.verify)
        server.expect_request("/cb", method="POST").respond_with_handler(self.receive)

    @property
    def callback(self) -> str:
        return self.server.url_for("/cb")

    def verify(self, request):
        self.checks.append(dict(request.args))
        if not self.confirms:
            return Response("no", status=404)
        return Response(request.args["hub.challenge"], status=200)

    def receive(self, request):
        body = request.get_data()
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("X-Hub-Signature", ""), expected):
            self.bad_signatures += 1
            return Response("bad signature", status=403)
        self.feeds.append(body)
        self.links.append(request.headers.get("Link", ""))
        return Response("", status=204)


@pytest.fixture(autouse=True)
def drain_at_once(settings):
    """Drains run as soon as a change commits (in production a second later, to coalesce a
    burst: tests/test_push_webhooks.py checks that too)."""
    settings.PUSH_COALESCE_SECONDS = 0


@pytest.fixture
def subscriber(httpserver, settings, db):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    return WebSubSubscriber(httpserver)


def topic(language: str = "fr") -> str:
    return next(t for t, lang in topics().items() if lang == language)


def subscribe(client, callback: str, **extra):
    data = {"hub.mode": "subscribe", "hub.topic": topic(), "hub.callback": callback,
            "hub.secret": SECRET, **extra}  # fmt: skip
    return client.post(reverse("websub-hub"), data)


def suspend(entry, reviewer):
    entry.refresh_from_db()
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Piraté."
    )


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_every_feed_advertises_the_hub_and_itself_as_topic(client, db, language):
    root = ET.fromstring(client.get(f"/{language}/feed/").content)  # noqa: S314 - our own feed
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["hub"].endswith("/websub/")
    assert links["self"] == topic(language)


def test_a_subscription_is_confirmed_by_the_challenge_and_gets_a_lease(
    client, subscriber, run_jobs
):
    response = subscribe(client, subscriber.callback, **{"hub.lease_seconds": "86400"})
    assert response.status_code == 202
    assert Subscriber.objects.count() == 0  # not before the subscriber confirms
    run_jobs()
    check = subscriber.checks[0]
    assert (check["hub.mode"], check["hub.topic"], check["hub.lease_seconds"]) == (
        "subscribe", topic(), "86400",
    )  # fmt: skip
    subscription = Subscriber.objects.get()
    assert subscription.status == Subscriber.Status.ACTIVE
    lease = (subscription.lease_expires_at - timezone.now()).total_seconds()
    assert 86000 < lease <= 86400


def test_a_callback_that_does_not_echo_the_challenge_is_not_subscribed(
    client, httpserver, settings, run_jobs, db
):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    stranger = WebSubSubscriber(httpserver, confirms=False)
    subscribe(client, stranger.callback)
    run_jobs()
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hub.mode", "publish"),
        ("hub.topic", "https://elsewhere.example/feed"),
        ("hub.callback", "ftp://example.org/cb"),
        ("hub.secret", "x" * 200),
        ("hub.lease_seconds", "soon"),
    ],
)
def test_a_bad_request_gets_a_400_that_says_why(client, db, field, value):
    response = subscribe(client, "https://sub.example.org/cb", **{field: value})
    assert response.status_code == 400
    assert field in response.content.decode()


def test_the_hub_takes_only_posts(client, db):
    assert client.get(reverse("websub-hub")).status_code == 405


def test_a_public_change_sends_the_feed_signed_to_the_subscriber(
    client, subscriber, verified_entry, reviewer, run_jobs
):
    subscribe(client, subscriber.callback)
    run_jobs()
    suspend(verified_entry, reviewer)
    run_jobs()
    assert subscriber.bad_signatures == 0 and len(subscriber.feeds) == 1
    root = ET.fromstring(subscriber.feeds[0])  # noqa: S314 - our own feed
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert any(verified_entry.display_name in title for title in titles)
    assert 'rel="hub"' in subscriber.links[0] and f'<{topic()}>; rel="self"' in subscriber.links[0]
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_several_changes_due_together_go_in_one_delivery_of_the_feed(
    client, subscriber, verified_entry, other_ministry_entry, reviewer, run_jobs
):
    subscribe(client, subscriber.callback)
    run_jobs()
    suspend(verified_entry, reviewer)
    suspend(other_ministry_entry, reviewer)
    run_jobs()
    assert len(subscriber.feeds) == 1
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == 2


def test_an_unsubscribed_callback_gets_nothing_more(
    client, subscriber, verified_entry, reviewer, run_jobs
):
    subscribe(client, subscriber.callback)
    run_jobs()
    response = subscribe(client, subscriber.callback, **{"hub.mode": "unsubscribe"})
    assert response.status_code == 202
    run_jobs()
    assert Subscriber.objects.get().status == Subscriber.Status.ENDED
    suspend(verified_entry, reviewer)
    run_jobs()
    assert subscriber.feeds == []


def test_an_expired_lease_gets_nothing_until_renewed(
    client, subscriber, verified_entry, reviewer, run_jobs
):
    subscribe(client, subscriber.callback)
    run_jobs()
    Subscriber.objects.update(lease_expires_at=timezone.now())
    suspend(verified_entry, reviewer)
    run_jobs()
    assert subscriber.feeds == [] and Delivery.objects.count() == 0
    subscribe(client, subscriber.callback)  # the renewal
    run_jobs()
    assert Subscriber.objects.get().lease_expires_at > timezone.now()
