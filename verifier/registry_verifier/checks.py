"""The questions people ask of the registry, answered with every proof checked: the signed
list, "was this link official then", a witness's cosignature, a monitor's watch."""

import base64
import datetime
import json

from registry_verifier import VerificationError, merkle, note
from registry_verifier.client import Log, checked_checkpoint, now, utc

LIST_PATH = "/.well-known/official-accounts.json"


def check_list(log: Log, state: dict, *, at: datetime.datetime | None = None) -> dict:
    """The signed offline list, once its signature, expiry and version are checked."""
    body = log.get(LIST_PATH)
    signature = base64.b64decode(log.get(LIST_PATH + ".sig").strip())
    if not log.key.verify(body, signature):
        raise VerificationError("the list's signature does not verify with the log's key")
    document = json.loads(body)
    moment = at or datetime.datetime.now(datetime.UTC)
    if utc(document["expires"].replace("Z", "+00:00")) <= moment:
        raise VerificationError(f"the list expired on {document['expires']}")
    if document["version"] < state.get("list_version", 0):
        raise VerificationError(
            f"list version {document['version']} is older than version {state['list_version']}"
            " already seen: a rollback"
        )
    state["list_version"] = document["version"]
    return document


def was_official(log: Log, link: str, at: str, state: dict) -> dict:
    """The registry's answer for `link` at `at`, with its log entry proven in the checkpoint
    and no later entry of the same account up to `at` left out."""
    moment = utc(at)
    answer = log.json("/api/v1/verify/", url=link, at=at)
    checkpoint = checked_checkpoint(log, state)
    as_of = answer.get("as_of") or {}
    index = as_of.get("log_index")
    if index is None:
        return {"result": answer["result"], "proven": False, "checkpoint": checkpoint.size}
    if index >= checkpoint.size:
        raise VerificationError("the answer rests on an entry no checkpoint holds yet")
    (leaf,) = log.entries(index, index + 1)
    if {k: v for k, v in leaf.items() if k != "leaf_hash"} != as_of["leaf"]:
        raise VerificationError("the answer's log entry is not the log's")
    if leaf["status"] != answer["result"] or utc(leaf["time"].replace("Z", "+00:00")) > moment:
        raise VerificationError("the answer does not follow from its log entry")
    log.prove_inclusion(index, leaf["leaf_hash"], checkpoint)
    _no_later_entry(log, leaf, moment, checkpoint.size)
    return {"result": leaf["status"], "proven": True, "log_index": index, "leaf": leaf,
            "checkpoint": checkpoint.size}  # fmt: skip


def _no_later_entry(log: Log, leaf: dict, moment: datetime.datetime, size: int) -> None:
    """Entries follow in time (to a minute's slack): read on from the entry until past `at`."""
    slack = datetime.timedelta(minutes=1)
    start = leaf["index"] + 1
    while start < size:
        for later in log.entries(start, min(size, start + 1000)):
            when = utc(later["time"].replace("Z", "+00:00"))
            if when > moment + slack:
                return
            if later["entry"] == leaf["entry"] and when <= moment:
                raise VerificationError(f"entry {later['index']} changed the account before then")
        start += 1000


def witness(log: Log, state: dict, name: str, key, *, submit: bool = True) -> str:
    """Cosign the latest checkpoint if it extends the last one this witness cosigned; raises
    VerificationError (loudly: a fork, a shrinking tree) otherwise. Returns the cosigned note."""
    served, checkpoint = log.checkpoint()
    if state.get("checkpoint"):
        log.prove_consistency(note.Checkpoint.parse(state["checkpoint"]), checkpoint)
    body = served.rpartition("\n\n")[0] + "\n"
    if body != checkpoint.text:
        raise VerificationError("the checkpoint's text changed while it was read")
    cosigned = served + note.cosign(checkpoint.text, name, key, now())
    if submit:
        log.post("/transparency/cosignature", cosigned.encode())
    state["checkpoint"] = checkpoint.text
    return cosigned


def monitor(log: Log, state: dict, ministries: set[str]) -> list[dict]:
    """Read every entry since the last size seen, check that they make the checkpoint's root
    (the state keeps the tree's frontier), and return those of the watched ministries."""
    checkpoint = checked_checkpoint(log, state)
    frontier = merkle.Frontier(
        state.get("size", 0), [bytes.fromhex(h) for h in state.get("frontier", [])]
    )
    new = log.entries(frontier.size, checkpoint.size)
    for leaf in new:
        frontier.append(leaf["leaf_hash"])
    if frontier.root() != checkpoint.root:
        raise VerificationError("the entries do not make the checkpoint's tree: the log lied")
    state["size"], state["frontier"] = frontier.size, [h.hex() for h in frontier.hashes]
    return [
        {k: v for k, v in leaf.items() if k != "leaf_hash"}
        for leaf in new
        if not ministries or leaf["ministry"] in ministries
    ]
