"""The registry as a Bluesky labeler (issue 32.5): signed labels on the Bluesky accounts it
holds, negated when a state ends, served by queryLabels and by subscribeLabels over WebSocket;
checked against the official lexicons (@atproto/lexicon, tests/lexicon_check.cjs), the
signatures verified with the labeler's public key, and read by a stand-in subscriber."""

import asyncio
import base64
import json
import shutil
import subprocess
import threading
from pathlib import Path

import libipld
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.urls import reverse
from websockets.sync.client import connect

from registry import workflow
from registry.models import Reason, SocialAccount, Status
from registry.push import labels
from registry.push.management.commands import serve_labels
from registry.push.models import Label

ROOT = Path(__file__).resolve().parents[1]
DID = "did:plc:official"
KEY = "1f" * 32


@pytest.fixture(autouse=True)
def drain_at_once(settings):
    """Drains run as soon as a change commits (in production a second later, to coalesce a
    burst: tests/test_push_webhooks.py checks that too)."""
    settings.PUSH_COALESCE_SECONDS = 0


@pytest.fixture(autouse=True)
def labeler(settings):
    settings.LABELER_SIGNING_KEY = KEY
    settings.LABELER_DID = "did:web:registry.example.org"


def suspend(entry, reviewer):
    entry.refresh_from_db()
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Piraté."
    )


def reinstate(entry, reviewer):
    entry.refresh_from_db()
    workflow.reinstate(entry, by=reviewer, version=entry.version)


def issued() -> list[str]:
    return [f"{'-' if neg else ''}{val}" for val, neg in Label.objects.values_list("val", "neg")]


def verify_signature(label: dict) -> None:
    """As a Bluesky app does: the DAG-CBOR of the label without `sig`, ECDSA secp256k1, low-S."""
    sig = label["sig"]
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert s <= labels.ORDER // 2
    unsigned = {k: v for k, v in label.items() if k != "sig"}
    public = labels.signing_key().public_key()
    public.verify(
        encode_dss_signature(r, s), libipld.encode_dag_cbor(unsigned), ec.ECDSA(hashes.SHA256())
    )


def from_json(label: dict) -> dict:
    raw = label["sig"]["$bytes"]
    return {**label, "sig": base64.b64decode(raw + "=" * (-len(raw) % 4))}


def to_json(value):
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode().rstrip("=")}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def lexicon_check(items: list[dict]) -> str:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules/@atproto/api").exists():
        pytest.skip("node and `npm install` (@atproto/api, @atproto/lexicon) are needed")
    done = subprocess.run(  # noqa: S603 - our own script
        [node, "tests/lexicon_check.cjs"], input=json.dumps(items), capture_output=True,
        text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    return done.stdout.strip()


def test_a_state_that_ends_is_negated_and_the_new_one_labelled(bluesky_entry, reviewer):
    suspend(bluesky_entry, reviewer)
    assert issued() == ["suspended"]
    reinstate(bluesky_entry, reviewer)
    assert issued() == ["suspended", "-suspended", "official"]
    assert labels.current_values(DID) == {"official"}


def test_only_bluesky_accounts_with_a_did_are_labelled(verified_entry, reviewer):
    suspend(verified_entry, reviewer)
    assert Label.objects.count() == 0


def test_without_a_key_no_label_is_issued(bluesky_entry, reviewer, settings):
    settings.LABELER_SIGNING_KEY, settings.DEBUG = "", False
    suspend(bluesky_entry, reviewer)
    assert Label.objects.count() == 0


def test_query_labels_answers_signed_labels_that_the_official_lexicon_accepts(
    client, bluesky_entry, reviewer
):
    suspend(bluesky_entry, reviewer)
    reinstate(bluesky_entry, reviewer)
    url = reverse("xrpc-query-labels")
    body = client.get(url, {"uriPatterns": "did:plc:*", "limit": 2}).json()
    assert [label["val"] for label in body["labels"]] == ["suspended", "suspended"]
    rest = client.get(url, {"uriPatterns": DID, "cursor": body["cursor"]}).json()
    assert [(label["val"], label.get("neg", False)) for label in rest["labels"]] == [
        ("official", False)
    ]
    for label in body["labels"] + rest["labels"]:
        assert label["src"] == "did:web:registry.example.org" and label["ver"] == 1
        verify_signature(from_json(label))
    assert lexicon_check([{"query": "com.atproto.label.queryLabels", "output": body}]) == "ok"


@pytest.mark.parametrize("query", [{}, {"uriPatterns": "did:plc:*", "limit": "0"},
                                   {"uriPatterns": "did:plc:*", "cursor": "abc"}])  # fmt: skip
def test_query_labels_refuses_a_bad_query_with_an_xrpc_error(client, db, query):
    response = client.get(reverse("xrpc-query-labels"), query)
    assert response.status_code == 400 and response.json()["error"] == "InvalidRequest"


def test_the_did_document_publishes_the_labelers_key_and_address(client, db):
    document = client.get(reverse("labeler-did")).json()
    assert document["id"] == "did:web:registry.example.org"
    method = document["verificationMethod"][0]
    assert method["id"].endswith("#atproto_label") and method["publicKeyMultibase"].startswith(
        "zQ3s"
    )
    assert document["service"][0]["type"] == "AtprotoLabeler"


class Stream:
    """subscribeLabels served by `serve_labels` on a loopback port, in a thread."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.stop = self.loop.create_future()
        self.loop.run_until_complete(
            serve_labels.run("127.0.0.1", 0, started=self._started, stop=self.stop)
        )

    def _started(self, port):
        self.port = port
        self.ready.set()

    def url(self, query: str = "") -> str:
        return f"ws://127.0.0.1:{self.port}{serve_labels.PATH}{query}"

    def close(self):
        self.loop.call_soon_threadsafe(self.stop.set_result, None)
        self.thread.join(10)


@pytest.fixture
def stream(settings):
    settings.LABELER_POLL_SECONDS = 0.05
    running = Stream()
    yield running
    running.close()


def read_frame(websocket) -> tuple[dict, dict]:
    header, body = libipld.decode_dag_cbor_multi(websocket.recv(timeout=10))
    return header, body


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_replays_from_its_cursor_then_hears_new_labels_live(
    stream, bluesky_entry, reviewer
):
    suspend(bluesky_entry, reviewer)
    with connect(stream.url("?cursor=0")) as websocket:
        header, body = read_frame(websocket)
        assert header == {"op": 1, "t": "#labels"}
        assert body["labels"][0]["val"] == "suspended"
        verify_signature(body["labels"][0])
        reinstate(bluesky_entry, reviewer)  # committed: the stream sends it
        frames = [read_frame(websocket) for _ in range(2)]
    values = [(b["labels"][0]["val"], b["labels"][0].get("neg", False)) for _, b in frames]
    assert values == [("suspended", True), ("official", False)]
    seqs = [body["seq"]] + [b["seq"] for _, b in frames]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    messages = [{"message": "com.atproto.label.subscribeLabels",
                 "value": {"$type": "com.atproto.label.subscribeLabels#labels", **to_json(b)}}
                for _, b in [(header, body), *frames]]  # fmt: skip
    assert lexicon_check(messages) == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_cursor_from_the_future_gets_the_error_frame(stream):
    with connect(stream.url("?cursor=99")) as websocket:
        header, body = read_frame(websocket)
    assert header == {"op": -1} and body["error"] == "FutureCursor"


@pytest.mark.django_db(transaction=True)
def test_another_path_is_not_found(stream):
    with pytest.raises(Exception, match="404"):
        connect(stream.url().replace("subscribeLabels", "nothing"))


def test_the_bluesky_fixture_is_what_the_labeler_labels(bluesky_entry):
    assert (
        bluesky_entry.platform == SocialAccount.Platform.BLUESKY
        and bluesky_entry.status == Status.VERIFIED
    )
