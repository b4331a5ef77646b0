"""Bluesky's push stream (registry/watch/stream.py) against a stand-in Jetstream over WebSocket
on loopback, and a stand-in Bluesky API for the checks each event sets off."""

import json
import threading
import time

import pytest
from websockets.sync.server import serve

from registry.models import Observation, SocialAccount, Status, StreamCursor
from registry.verification import Result, verify_link
from registry.watch import stream
from tests.conftest import serve_bluesky, serve_bluesky_profile, serve_bluesky_unknown

LINK = "https://bsky.app/profile/gouv.bsky.social"


class StandInJetstream:
    """Each connection gets the next batch of events; the last batch's connection stays open."""

    def __init__(self, batches: list[list]):
        self.batches = batches
        self.paths: list[str] = []
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _handle(self, connection):
        self.paths.append(connection.request.path)
        last = len(self.paths) >= len(self.batches)
        for event in self.batches[min(len(self.paths), len(self.batches)) - 1]:
            connection.send(event if isinstance(event, str) else json.dumps(event))
        if last:
            for _message in connection:  # hold it open until the consumer leaves
                pass

    def close(self):
        self._server.shutdown()


@pytest.fixture
def jetstream(settings, platform):
    servers = []

    def start(*batches):
        server = StandInJetstream(list(batches))
        servers.append(server)
        settings.WATCH_BASE_URLS = settings.WATCH_BASE_URLS | {
            "jetstream": f"ws://127.0.0.1:{server.port}"
        }
        return server

    yield start
    for server in servers:
        server.close()


def consume_until(position: int) -> None:
    """Run the consumer until it has handled the event at `position` (a guard ends it anyway)."""
    guard = time.monotonic() + 20

    def done() -> bool:
        reached = StreamCursor.objects.filter(name=stream.CURSOR, position__gte=position).exists()
        return reached or time.monotonic() > guard

    stream.consume(stop=done, first_wait=0.01)
    assert StreamCursor.objects.get(name=stream.CURSOR).position == position


def identity(did: str, handle: str, at: int) -> dict:
    return {
        "did": did,
        "time_us": at,
        "kind": "identity",
        "identity": {"did": did, "handle": handle},
    }


def test_a_handle_change_announced_by_the_stream_is_acted_on_at_once(
    platform, jetstream, bluesky_entry
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social")
    serve_bluesky(platform, handle="gouvernement.bsky.social", did="did:plc:official")
    jetstream([identity("did:plc:official", "gouvernement.bsky.social", 1000)])
    consume_until(1000)
    assert bluesky_entry.observations.get().kind == Observation.Kind.RENAMED
    assert verify_link(LINK).result == Result.HANDLE_CHANGED


def test_an_impostor_claiming_the_handle_is_a_takeover_within_the_event(
    platform, jetstream, bluesky_entry
):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:impostor")
    jetstream([identity("did:plc:impostor", "gouv.bsky.social", 2000)])
    consume_until(2000)
    assert SocialAccount.objects.get(pk=bluesky_entry.pk).status == Status.SUSPENDED


def test_a_deactivation_announced_by_the_stream_stops_the_official_answer(
    platform, jetstream, bluesky_entry
):
    serve_bluesky_unknown(platform, handle="gouv.bsky.social", did="did:plc:official")
    event = {
        "did": "did:plc:official",
        "time_us": 3000,
        "kind": "account",
        "account": {"active": False, "did": "did:plc:official", "status": "deactivated"},
    }
    jetstream([event])
    consume_until(3000)
    assert verify_link(LINK).result == Result.GONE


def test_an_event_alone_changes_nothing_when_the_read_disagrees(platform, jetstream, bluesky_entry):
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    jetstream([identity("did:plc:official", "gouvernement.bsky.social", 4000)])
    consume_until(4000)
    assert bluesky_entry.observations.get().kind == Observation.Kind.UNCHANGED
    assert verify_link(LINK).result == Result.OFFICIAL


def test_the_consumer_reconnects_from_its_cursor_and_skips_what_is_not_an_event(
    platform, jetstream, bluesky_entry
):
    serve_bluesky_profile(platform, handle="gouv.bsky.social", did="did:plc:official")
    serve_bluesky(platform, handle="gouv.bsky.social", did="did:plc:official")
    other = identity("did:plc:someoneelse", "someone.bsky.social", 5000)
    server = jetstream(
        [other], ["not json", "[1, 2]", identity("did:plc:x", "x.bsky.social", 6000)]
    )
    consume_until(6000)
    assert len(server.paths) == 2
    assert "cursor=5000" in server.paths[1] and "cursor" not in server.paths[0]
    assert "wantedCollections=app.bsky.actor.profile" in server.paths[0]
    assert not bluesky_entry.observations.exists()  # no event was about it
