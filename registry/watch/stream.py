"""Bluesky's push stream (Jetstream): a watched account's handle change, deactivation or
takeover is acted on within seconds, not at its next regular read.

`consume()` is the long-running worker (`manage.py watch_bluesky_stream`): it reads Jetstream's
events from `WATCH_BASE_URLS["jetstream"]` (`/subscribe`, profile records only: `#identity`
and `#account` events always come), and for each event about a watched account — its DID, or
the handle it holds (an impostor claiming an official handle is an event of another DID) — runs
the watch's own check of that entry at once (`service.check_entry`). What the event announced
(a new handle, an inactive account) confirms the same observation made by the check, the second
direction of evidence; the event alone never changes an answer. It remembers the last event's
`time_us` (`StreamCursor`) and reconnects from there, waiting 1, 2, 4… up to 30 seconds
between attempts.
"""

import json
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from registry.models import Observation, SocialAccount, StreamCursor, WatchState
from registry.watch import service

log = logging.getLogger(__name__)
CURSOR = "bluesky-jetstream"
PROFILE = "app.bsky.actor.profile"
MAX_MESSAGE = 1_000_000  # Jetstream's events are small; anything bigger is not one
MAX_BACKOFF = 30.0
K = Observation.Kind


def stream_url(cursor: int) -> str:
    query = {"wantedCollections": PROFILE}
    if cursor:
        query["cursor"] = str(cursor)
    return f"{settings.WATCH_BASE_URLS['jetstream'].rstrip('/')}/subscribe?{urlencode(query)}"


def consume(*, stop: Callable[[], bool] = lambda: False, first_wait: float = 1.0) -> None:
    """Read the stream until `stop()` says so (never, for the worker command); after a lost
    connection, wait `first_wait` seconds, doubled at each failure up to MAX_BACKOFF."""
    wait = first_wait
    while not stop():
        try:
            _read_until_closed(stop)
            wait = first_wait
        except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            log.warning("watch stream: disconnected (%s); again in %.1f s", exc, wait)
            _sleep(wait, stop)
            wait = min(MAX_BACKOFF, wait * 2)


def _sleep(seconds: float, stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not stop() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(0.2, left))


def _read_until_closed(stop: Callable[[], bool]) -> None:
    cursor = StreamCursor.objects.filter(name=CURSOR).values_list("position", flat=True).first()
    with connect(stream_url(cursor or 0), max_size=MAX_MESSAGE, open_timeout=10) as socket:
        while not stop():
            try:
                message = socket.recv(timeout=0.2)
            except TimeoutError:
                continue
            if not connection.in_atomic_block:  # a worker that runs for days: drop a dead link
                close_old_connections()
            handle_message(message)


def handle_message(message: str | bytes) -> int:
    """Act on one event; the number of entries it checked. A message that is not an event is
    logged and skipped: it never stops the consumer."""
    try:
        event = json.loads(message)
        if not isinstance(event, dict):
            raise ValueError("not an object")
        checked = handle_event(event)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("watch stream: skipped a message that is not an event (%s)", exc)
        return 0
    position = event.get("time_us")
    if isinstance(position, int) and position > 0:
        StreamCursor.objects.update_or_create(name=CURSOR, defaults={"position": position})
    return checked


def handle_event(event: dict) -> int:
    did = str(event.get("did") or "")
    kind = event.get("kind")
    handle, pushed = "", ""
    if kind == "identity":
        handle = str((event.get("identity") or {}).get("handle") or "").lower()
        pushed = K.RENAMED
    elif kind == "account":
        pushed = K.RESTORED if (event.get("account") or {}).get("active", True) else K.GONE
    elif kind != "commit" or (event.get("commit") or {}).get("collection") != PROFILE:
        return 0
    entries = _watched(did, handle)
    for entry_id in entries:
        if service.check_entry(entry_id, even_if_not_due=True, pushed=pushed) is None:
            # being checked already, or its platform's slots all taken: read it at the next run
            WatchState.objects.filter(entry_id=entry_id).update(next_check_at=timezone.now())
    return len(entries)


def _watched(did: str, handle: str) -> list[int]:
    """The watched Bluesky entries an event is about: by their DID, or by the handle they hold."""
    watched = service.watched_entries().filter(platform=SocialAccount.Platform.BLUESKY)
    ids = list(watched.filter(platform_account_id=did).values_list("pk", flat=True)) if did else []
    if handle:
        ids += watched.filter(handle=handle).exclude(pk__in=ids).values_list("pk", flat=True)
    return ids
