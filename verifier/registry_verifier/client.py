"""The registry's public endpoints, every answer checked before it is believed.

A `Log` is a base address and the log's vkey (pinned: obtained once, out of band, e.g. from the
registry's published documentation). Each method raises VerificationError when what the server
sent does not prove what it claims.
"""

import base64
import datetime
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from registry_verifier import VerificationError, merkle, note
from registry_verifier.canonical import canonical

TIMEOUT = 20
MAX_BYTES = 64 << 20
PAGE = 1000


def utc(text: str) -> datetime.datetime:
    """An ISO 8601 date (end of that day) or date-time; UTC unless it says otherwise."""
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            moment = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        else:
            moment = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise VerificationError(f"not an ISO 8601 date or date-time: {text!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


@dataclass
class Log:
    base: str  # e.g. https://registry.example (no trailing slash)
    key: note.Verifier

    def __post_init__(self):
        if not self.base.startswith(("https://", "http://")):
            raise VerificationError("the registry's address must be http(s)://")

    def get(self, path: str, **query) -> bytes:
        url = self.base.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
                return response.read(MAX_BYTES)
        except urllib.error.HTTPError as error:
            raise VerificationError(f"{url}: HTTP {error.code}") from error

    def json(self, path: str, **query) -> dict:
        return json.loads(self.get(path, **query))

    def post(self, path: str, body: bytes) -> bytes:
        url = self.base.rstrip("/") + path
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.read(MAX_BYTES)

    def checkpoint(self) -> tuple[str, note.Checkpoint]:
        """The latest checkpoint (its note as served, and its parsed, verified content)."""
        served = self.get("/transparency/checkpoint").decode("utf-8")
        return served, note.verify_checkpoint(served, self.key)

    def entries(self, start: int, end: int) -> list[dict]:
        """Leaves [start, end), each checked: its index, and its hash over its exact bytes."""
        found = []
        while start < end:
            page = self.json("/transparency/entries/", start=start, end=min(end, start + PAGE))
            rows = page["entries"]
            if not rows:
                raise VerificationError(f"the log sent no entry from {start}")
            for row in rows:
                leaf = row["leaf"].encode("utf-8")
                facts = json.loads(leaf)
                if row["index"] != start or facts["index"] != start:
                    raise VerificationError(f"entry {start}: sent out of order")
                if canonical(facts) != leaf:
                    raise VerificationError(f"entry {start}: not canonical JSON")
                if base64.b64decode(row["leaf_hash"]) != merkle.leaf_hash(leaf):
                    raise VerificationError(f"entry {start}: its hash is not of its bytes")
                found.append({**facts, "leaf_hash": merkle.leaf_hash(leaf)})
                start += 1
        return found

    def prove_inclusion(self, index: int, leaf_hash: bytes, checkpoint: note.Checkpoint) -> None:
        proof = self.json("/transparency/proof/inclusion", index=index, size=checkpoint.size)
        path = [base64.b64decode(p) for p in proof["path"]]
        merkle.verify_inclusion(index, checkpoint.size, leaf_hash, path, checkpoint.root)

    def prove_consistency(self, old: note.Checkpoint, new: note.Checkpoint) -> None:
        """Raises unless `new` extends `old` (a fork, a rewritten or shrunk log is refused)."""
        if new.size < old.size:
            raise VerificationError(f"the log shrank from {old.size} to {new.size} entries")
        if new.size == old.size:
            if new.root != old.root:
                raise VerificationError(f"two different trees of size {new.size}: a fork")
            return
        if old.size == 0:
            return
        proof = self.json("/transparency/proof/consistency", first=old.size, second=new.size)
        path = [base64.b64decode(p) for p in proof["path"]]
        merkle.verify_consistency(old.size, new.size, old.root, new.root, path)


def load_state(path: str | None) -> dict:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError:
        return {}


def save_state(path: str | None, state: dict) -> None:
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(state, file, indent=1)


def checked_checkpoint(log: Log, state: dict, witnesses=()) -> note.Checkpoint:
    """The latest checkpoint, consistent with the last one seen (state["checkpoint"]), and
    cosigned by each witness given; the state then remembers it."""
    served, checkpoint = log.checkpoint()
    if state.get("checkpoint"):
        log.prove_consistency(note.Checkpoint.parse(state["checkpoint"]), checkpoint)
    for witness in witnesses:
        note.verify_cosignature(served, witness)
    state["checkpoint"] = checkpoint.text
    return checkpoint


def now() -> int:
    return int(time.time())
