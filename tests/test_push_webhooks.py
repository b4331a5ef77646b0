"""Webhooks (issue 32.2–32.4): every public change reaches the endpoints a central admin
registered, signed after Standard Webhooks 1.0, in order per account, retried for days, never
lost; checked by a receiver on loopback that verifies with the `standardwebhooks` library."""

import base64
import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from werkzeug import Response

from outbox.models import OutgoingEmail
from registry import workflow
from registry.models import LogEntry, Reason, Status
from registry.push import services
from registry.push.deliveries import QUEUE_FULL
from registry.push.models import Change, Delivery, Subscriber
from registry.push.outcomes import backoff
from registry.push.payload import SCHEMA
from registry.push.senders import MAX_REFUSALS
from tests.conftest import make_retries_due

Pending, Delivered, Failed = (
    Delivery.Status.PENDING,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
)


class Receiver:
    """A newsroom's webhook receiver: verifies each message with the library, keeps the payloads;
    `answers` is a list of statuses to give before accepting (500, 302, …)."""

    def __init__(self, server, secret: str, path: str = "/hook"):
        self.server, self.secrets, self.path = server, [secret], path
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.bodies: list[bytes] = []
        self.answers: list[int] = []
        server.expect_request(path, method="POST").respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for(self.path)

    def handle(self, request):
        if self.answers:
            status = self.answers.pop(0)
            return Response("no", status=status, headers={"Location": "https://elsewhere.example/"})
        for secret in self.secrets:
            try:
                payload = Webhook(secret).verify(request.get_data(), dict(request.headers))
            except WebhookVerificationError:
                continue
            self.received.append(payload)
            self.headers.append(dict(request.headers))
            self.bodies.append(request.get_data())
            return Response("ok", status=204)
        return Response("bad signature", status=401)

    def kinds(self) -> list[tuple[int, str]]:
        return [(p["data"]["account"]["id"], p["data"]["change"]) for p in self.received]


@pytest.fixture(autouse=True)
def drain_at_once(settings):
    """Drains run as soon as a change commits (in production a second later, to coalesce a
    burst: tests/test_push_webhooks.py checks that too)."""
    settings.PUSH_COALESCE_SECONDS = 0


@pytest.fixture
def newsroom(httpserver, settings, db):
    """An endpoint for every event, and its receiver on loopback."""
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    endpoint = services.register_endpoint(
        Subscriber(
            name="Le Quotidien",
            url=httpserver.url_for("/hook"),
            owner_email="tech@quotidien.example",
        )
    )
    receiver = Receiver(httpserver, endpoint.secret)
    receiver.endpoint = endpoint
    return receiver


def suspend(entry, reviewer):
    entry.refresh_from_db()
    return workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Piraté."
    )


def reinstate(entry, reviewer):
    entry.refresh_from_db()
    return workflow.reinstate(entry, by=reviewer, version=entry.version)


def let_time_pass() -> None:
    """Every retry due now (no sleeping in tests)."""
    Delivery.objects.filter(status=Pending).update(next_attempt_at=timezone.now())
    make_retries_due()


def test_a_suspension_reaches_the_receiver_signed_after_standard_webhooks(
    newsroom, verified_entry, reviewer, run_jobs
):
    suspend(verified_entry, reviewer)
    run_jobs()
    assert newsroom.kinds() == [(verified_entry.pk, "suspended")]
    payload, headers = newsroom.received[0], newsroom.headers[0]
    change = Change.objects.get()
    assert headers["Webhook-Id"] == payload["id"] == f"chg_{change.pk}"
    assert payload["type"] == "account.suspended" and payload["version"] == 1
    assert payload["data"]["account"]["status"] == "suspended"
    assert payload["data"]["ministry"]["slug"] == "finances"
    entry = LogEntry.objects.get(index=payload["log"]["index"])  # the public log's own entry
    assert (entry.entry_id, entry.kind) == (verified_entry.pk, "suspended")
    assert base64.b64decode(payload["log"]["leaf_hash"]) == bytes(entry.leaf_hash)
    assert Delivery.objects.get().status == Delivered


def test_the_payload_follows_its_published_json_schema(
    newsroom, verified_entry, reviewer, run_jobs
):
    jsonschema = pytest.importorskip("jsonschema")
    suspend(verified_entry, reviewer)
    run_jobs()
    jsonschema.validate(newsroom.received[0], SCHEMA)


def test_a_change_rolled_back_delivers_nothing(newsroom, verified_entry, reviewer, run_jobs):
    with pytest.raises(RuntimeError), transaction.atomic():
        suspend(verified_entry, reviewer)
        raise RuntimeError("the change fails after the move")
    run_jobs()
    assert (Change.objects.count(), Delivery.objects.count(), newsroom.received) == (0, 0, [])


def test_an_endpoint_receives_only_the_events_it_chose(
    newsroom, verified_entry, reviewer, run_jobs
):
    newsroom.endpoint.events = ["reinstated"]
    newsroom.endpoint.save()
    suspend(verified_entry, reviewer)
    reinstate(verified_entry, reviewer)
    run_jobs()
    assert newsroom.kinds() == [(verified_entry.pk, "reinstated")]


def test_an_endpoint_limited_to_a_ministry_hears_nothing_of_another(
    newsroom, other_ministry_entry, ministry_a, reviewer, run_jobs
):
    newsroom.endpoint.ministries.set([ministry_a])
    suspend(other_ministry_entry, reviewer)
    run_jobs()
    assert newsroom.received == [] and Delivery.objects.count() == 0


@pytest.mark.parametrize("answer", [500, 302, 404])
def test_an_answer_other_than_2xx_is_a_failure_tried_again_later(
    newsroom, verified_entry, reviewer, run_jobs, answer
):
    newsroom.answers = [answer]
    suspend(verified_entry, reviewer)
    run_jobs()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, newsroom.received) == (Pending, 1, [])
    assert f"HTTP {answer}" in delivery.last_answer
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=20)
    run_jobs()
    assert newsroom.received == []  # its wait is not over
    let_time_pass()
    run_jobs()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(newsroom.received)) == (Delivered, 2, 1)


def test_an_account_is_never_heard_reinstated_before_suspended(
    newsroom, verified_entry, other_ministry_entry, reviewer, run_jobs
):
    newsroom.answers = [500]  # the suspension's first try fails
    suspend(verified_entry, reviewer)
    reinstate(verified_entry, reviewer)
    suspend(other_ministry_entry, reviewer)
    run_jobs()
    assert newsroom.kinds() == [(other_ministry_entry.pk, "suspended")]  # another account goes on
    let_time_pass()
    run_jobs()
    assert newsroom.kinds()[1:] == [
        (verified_entry.pk, "suspended"),
        (verified_entry.pk, "reinstated"),
    ]


def test_an_address_on_loopback_is_refused_without_the_setting(
    newsroom, verified_entry, reviewer, run_jobs, settings
):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    suspend(verified_entry, reviewer)
    run_jobs()
    delivery = Delivery.objects.get()
    assert (delivery.status, newsroom.received) == (Pending, [])
    assert "non-public address" in delivery.last_answer


def test_retries_last_more_than_three_days(settings):
    waits = sum((backoff(n) for n in range(1, settings.PUSH_MAX_ATTEMPTS)), datetime.timedelta())
    assert waits >= datetime.timedelta(days=3)
    assert backoff(1) == datetime.timedelta(seconds=settings.PUSH_RETRY_SECONDS)
    assert backoff(2) == 2 * backoff(1)


def test_after_the_last_try_the_delivery_is_dead_and_the_owner_and_central_unit_are_told(
    newsroom, verified_entry, reviewer, central_admin, run_jobs, settings
):
    settings.PUSH_MAX_ATTEMPTS = 2
    newsroom.answers = [500, 500]
    suspend(verified_entry, reviewer)
    run_jobs()
    let_time_pass()
    run_jobs()
    delivery = Delivery.objects.get()
    newsroom.endpoint.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Failed, 2)
    assert newsroom.endpoint.status == Subscriber.Status.FAILING
    told = set(
        OutgoingEmail.objects.filter(message_key__startswith="push:").values_list(
            "recipient", flat=True
        )
    )
    assert told == {"tech@quotidien.example", central_admin.email}


def test_a_failing_endpoint_keeps_its_changes_and_gets_them_in_order_when_resumed(
    newsroom, verified_entry, reviewer, run_jobs
):
    Subscriber.objects.filter(pk=newsroom.endpoint.pk).update(status=Subscriber.Status.FAILING)
    suspend(verified_entry, reviewer)
    reinstate(verified_entry, reviewer)
    run_jobs()
    assert newsroom.received == [] and Delivery.objects.filter(status=Pending).count() == 2
    services.resume(newsroom.endpoint)
    run_jobs()
    assert [kind for _, kind in newsroom.kinds()] == ["suspended", "reinstated"]


def test_a_full_queue_records_the_change_as_not_sent_and_a_replay_sends_it(
    newsroom, verified_entry, reviewer, run_jobs, settings
):
    settings.PUSH_MAX_QUEUED = 1
    newsroom.answers = [500]
    suspend(verified_entry, reviewer)
    reinstate(verified_entry, reviewer)
    full = Delivery.objects.get(status=Failed)
    assert full.last_answer == QUEUE_FULL and full.change.kind == "reinstated"
    run_jobs()
    let_time_pass()
    run_jobs()
    assert services.replay(Delivery.objects.filter(pk=full.pk)) == 1
    run_jobs()
    assert [kind for _, kind in newsroom.kinds()] == ["suspended", "reinstated"]


def test_a_central_admin_replays_a_range_in_its_order(newsroom, verified_entry, reviewer, run_jobs):
    suspend(verified_entry, reviewer)
    reinstate(verified_entry, reviewer)
    run_jobs()
    first, last = Change.objects.order_by("pk").values_list("pk", flat=True)
    assert services.replay_range(newsroom.endpoint, first, last) == 2
    run_jobs()
    assert [p["id"] for p in newsroom.received] == [f"chg_{first}", f"chg_{last}"] * 2


def test_after_a_rotation_both_secrets_sign_until_the_old_one_expires(
    newsroom, verified_entry, reviewer, run_jobs
):
    old = newsroom.endpoint.secret
    new = services.rotate_secret(newsroom.endpoint)
    suspend(verified_entry, reviewer)
    run_jobs()
    signatures = newsroom.headers[0]["Webhook-Signature"].split(" ")
    assert len(signatures) == 2 and new.startswith("whsec_") and new != old
    for secret in (old, new):  # each verifies the message on its own
        Webhook(secret).verify(newsroom.bodies[0], newsroom.headers[0])
    newsroom.secrets = [new]  # a receiver that switched already verifies too
    reinstate(verified_entry, reviewer)
    run_jobs()
    assert len(newsroom.received) == 2


def test_a_central_admin_registers_an_endpoint_in_the_admin(client, central_admin, ministry_a):
    client.force_login(central_admin)
    response = client.post(
        reverse("admin:push_subscriber_add"),
        {"name": "Plateforme", "url": "https://hooks.example.net/registry",
         "events": ["suspended", "takeover"], "ministries": [ministry_a.pk], "owner_email": ""},
    )  # fmt: skip
    assert response.status_code == 302
    endpoint = Subscriber.objects.get()
    assert endpoint.kind == Subscriber.Kind.WEBHOOK and endpoint.secret.startswith("whsec_")
    assert endpoint.events == ["suspended", "takeover"]
    assert list(endpoint.ministries.all()) == [ministry_a]


def test_the_admin_replays_a_range_from_the_endpoints_page(
    client, central_admin, newsroom, verified_entry, reviewer, run_jobs
):
    suspend(verified_entry, reviewer)
    run_jobs()
    change = Change.objects.get()
    client.force_login(central_admin)
    url = reverse("admin:push_subscriber_replay", args=[newsroom.endpoint.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"first": change.pk, "last": change.pk}).status_code == 302
    run_jobs()
    assert len(newsroom.received) == 2


def test_a_reviewer_cannot_see_the_endpoints(client, reviewer, newsroom):
    client.force_login(reviewer)
    response = client.get(reverse("admin:push_subscriber_changelist"))
    assert response.status_code in (302, 403)


def test_the_openapi_document_describes_the_webhook_with_its_schema_and_an_example(client, db):
    jsonschema = pytest.importorskip("jsonschema")
    document = client.get(reverse("api:schema"), {"format": "json"}).json()
    hook = document["webhooks"]["publicChange"]["post"]
    content = hook["requestBody"]["content"]["application/json"]
    example = content["examples"]["suspended"]["value"]
    jsonschema.validate(example, document["components"]["schemas"]["PublicChangeEvent"])
    assert {p["name"] for p in hook["parameters"]} == {
        "webhook-id", "webhook-timestamp", "webhook-signature",
    }  # fmt: skip


def test_an_endpoint_that_refuses_everything_is_not_tried_for_every_account_each_time(
    newsroom, make_entry, reviewer, run_jobs
):
    entries = [make_entry(Status.VERIFIED) for _ in range(5)]
    newsroom.answers = [500] * 10
    for entry in entries:
        suspend(entry, reviewer)
    run_jobs()
    tried = Delivery.objects.filter(attempts=1).count()
    assert tried == MAX_REFUSALS and newsroom.received == []


def test_a_drain_for_a_subscriber_that_is_gone_ends_without_queueing_another(db, run_jobs):
    from registry.push.tasks import drain

    drain.enqueue(999999)
    assert run_jobs() == 1
    assert run_jobs() == 0


def test_a_burst_of_changes_goes_out_in_one_drain_a_moment_later(
    newsroom, verified_entry, other_ministry_entry, reviewer, run_jobs, settings
):
    settings.PUSH_COALESCE_SECONDS = 1
    suspend(verified_entry, reviewer)
    suspend(other_ministry_entry, reviewer)
    run_jobs()
    assert newsroom.received == []  # the drain waits a moment for more changes
    make_retries_due()
    run_jobs()
    assert len(newsroom.received) == 2
    assert DBTaskResult.objects.filter(task_path="registry.push.tasks.drain").count() == 1
