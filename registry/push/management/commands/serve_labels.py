"""`manage.py serve_labels`: com.atproto.label.subscribeLabels over WebSocket.

A small server of its own (the `websockets` library) rather than an ASGI stack beside the WSGI
site: the reverse proxy sends `/xrpc/com.atproto.label.subscribeLabels` here (with the
WebSocket upgrade) and everything else to the site. Each message is an atproto event-stream
frame: two DAG-CBOR objects, a header (`{"op": 1, "t": "#labels"}`) and a body (`{"seq",
"labels"}`); an error is `{"op": -1}` and `{"error", "message"}`, then the socket closes. A
`cursor` replays every label after it, then the stream goes on live; none: live only.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import libipld
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from registry.push.labels import as_cbor_object
from registry.push.models import Label

PATH = "/xrpc/com.atproto.label.subscribeLabels"
BATCH = 500
# Every database read of the server runs in this one thread: one connection, closed at the end.
_DATABASE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="labels-db")


async def db(function, *args):
    return await asyncio.get_running_loop().run_in_executor(_DATABASE, function, *args)


class Command(BaseCommand):
    help = "Serve com.atproto.label.subscribeLabels (WebSocket) for the registry's labels."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, host: str, port: int, **options):
        self.stdout.write(f"subscribeLabels on ws://{host}:{port}{PATH}")
        asyncio.run(run(host, port))


async def run(host: str, port: int, *, started=None, stop: asyncio.Future | None = None) -> None:
    """Serve until `stop` is done (forever if None); `started(port)` once listening."""
    async with serve(stream, host, port, process_request=_only_the_stream) as server:
        if started is not None:
            started(server.sockets[0].getsockname()[1])
        await (stop if stop is not None else asyncio.get_running_loop().create_future())
    await db(connections.close_all)


def _only_the_stream(connection, request):
    if urlsplit(request.path).path != PATH:
        return connection.respond(HTTPStatus.NOT_FOUND, "Not found\n")
    return None


def frame(header: dict, body: dict) -> bytes:
    return libipld.encode_dag_cbor(header) + libipld.encode_dag_cbor(body)


async def stream(websocket) -> None:
    cursor = parse_qs(urlsplit(websocket.request.path).query).get("cursor", [None])[0]
    latest = await db(_latest)
    if cursor is not None and not cursor.isdigit():
        return await _fail(websocket, "InvalidRequest", "cursor must be a whole number")
    if cursor is not None and int(cursor) > latest:
        return await _fail(websocket, "FutureCursor", f"the latest seq is {latest}")
    position = latest if cursor is None else int(cursor)
    try:
        while True:
            batch = await db(_after, position)
            for label in batch:
                body = {"seq": label.pk, "labels": [as_cbor_object(label)]}
                await websocket.send(frame({"op": 1, "t": "#labels"}, body))
                position = label.pk
            if not batch and await _closed_within(websocket, settings.LABELER_POLL_SECONDS):
                return None
    except ConnectionClosed:
        return None


async def _closed_within(websocket, seconds: float) -> bool:
    """Wait for new labels, noticing meanwhile a subscriber that left."""
    try:
        await asyncio.wait_for(websocket.wait_closed(), seconds)
    except TimeoutError:
        return False
    return True


async def _fail(websocket, error: str, message: str) -> None:
    await websocket.send(frame({"op": -1}, {"error": error, "message": message}))
    await websocket.close()


def _latest() -> int:
    return Label.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _after(position: int) -> list[Label]:
    return list(Label.objects.filter(pk__gt=position).order_by("pk")[:BATCH])
