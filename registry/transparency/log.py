"""Appending to the log, and reading roots and proofs of it at any size.

The tree is RFC 9162's: a leaf's hash is stored as a complete subtree of level 0, and each
append stores the complete subtrees it finishes (one more on average). Any root or proof is
then a fold of at most 2·log2(n) stored hashes, read in one query: a proof at a million entries
reads about 40 rows by primary key.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from registry_verifier import merkle
from registry_verifier.canonical import canonical

from registry.models import (
    EntryAlias,
    LogEntry,
    LogHead,
    LogKey,
    LogNode,
    PublicChange,
    SocialAccount,
    Status,
    WatchState,
)

RESULT_OF_STATUS = {
    Status.VERIFIED: "official",
    Status.SUSPENDED: "suspended",
    Status.CLOSED: "closed",
}


class LogError(ValueError):
    """A request for a size, index or range the log does not have (a clear 400)."""


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def public_result(entry: SocialAccount, kind: PublicChange) -> str:
    """What the verify answer for the account is after the change (docs: the leaf's `status`)."""
    result = RESULT_OF_STATUS.get(entry.status, "not_registered")
    if result != "official":
        return result
    lost = kind == PublicChange.HANDLE_CHANGED or (
        WatchState.objects.filter(entry=entry, handle_lost_at__isnull=False).exists()
    )
    return "handle_changed" if lost else result


def leaf_of(entry: SocialAccount, kind: PublicChange, *, index: int, previous, at) -> dict:
    """The public facts of one change, and nothing else (no person, no message)."""
    aliases = EntryAlias.objects.accepted().filter(entry=entry).values_list("key", flat=True)
    return {
        "index": index,
        "time": utc_text(at),
        "kind": str(kind),
        "entry": entry.pk,
        "platform": entry.platform,
        "handle": entry.handle,
        "permanent_id": entry.platform_account_id,
        "aliases": sorted(aliases),
        "ministry": entry.service.ministry.name,
        "service": entry.service.name,
        "status": public_result(entry, kind),
        "previous": previous,
    }


def append(entry: SocialAccount, kind: PublicChange, at: datetime.datetime) -> LogEntry:
    """Append one entry, in the caller's transaction; the head's row lock orders appends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the log is appended inside the change's own transaction")
    index = _next_index()
    previous = (
        LogEntry.objects.filter(entry=entry).order_by("-index").values_list("index", flat=True)
    ).first()
    facts = leaf_of(entry, kind, index=index, previous=previous, at=at)
    leaf = canonical(facts)
    row = LogEntry(
        index=index,
        entry=entry,
        kind=kind,
        created_at=at,
        leaf=leaf,
        leaf_hash=merkle.leaf_hash(leaf),
    )
    row.save(force_insert=True)
    store_nodes(row.index, bytes(row.leaf_hash))
    keys = LogKey.objects.bulk_create
    keys(LogKey(log=row, platform=entry.platform, key=key) for key in keys_of(facts))
    return row


_TAKE_INDEX = "UPDATE registry_loghead SET size = size + 1 WHERE id = 1 RETURNING size"


def _next_index() -> int:
    """The next index, in one statement that also locks the head's row until the commit: a
    concurrent append waits, then reads the size this one leaves."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(_TAKE_INDEX)
        taken = cursor.fetchone()
    if taken is None:  # a new database (or one a test flushed): the head's row is created once
        try:
            with transaction.atomic():
                LogHead.objects.create(pk=1, size=0)
        except IntegrityError:
            pass  # another append created it
        return _next_index()
    return taken[0] - 1


def keys_of(facts: dict) -> set[str]:
    """The keys under which a link names the account in this entry (as verify_link looks)."""
    permanent = [facts["permanent_id"]] if facts["permanent_id"] else []
    return {facts["handle"], *facts["aliases"], *permanent}


def store_nodes(index: int, leaf_hash: bytes) -> None:
    """Store the leaf and every complete subtree it finishes (its left siblings read at once)."""
    levels = []
    position, level = index, 0
    while position & 1:
        levels.append((level, position - 1))
        position, level = position >> 1, level + 1
    siblings = node_hashes(levels)
    nodes, h = [LogNode(level=0, position=index, hash=leaf_hash)], leaf_hash
    for lv, pos in levels:
        h = merkle.node_hash(siblings[(lv, pos)], h)
        nodes.append(LogNode(level=lv + 1, position=(pos + 1) >> 1, hash=h))
    LogNode.objects.bulk_create(nodes)


def node_hashes(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    keys = list(keys)
    if not keys:
        return {}
    rows = LogNode.objects.filter(pk__in=keys).values_list("level", "position", "hash")
    found = {(lv, pos): bytes(h) for lv, pos, h in rows}
    if len(found) != len(set(keys)):
        raise LogError("the log does not have these entries")
    return found


def range_hashes(ranges: list[merkle.Range]) -> list[bytes]:
    """MTH(D[a:b]) of each range, from the stored complete subtrees, in one query."""
    plans = [merkle.perfect_blocks(a, b) for a, b in ranges]
    stored = node_hashes({block for plan in plans for block in plan})
    return [merkle.fold([stored[block] for block in plan]) for plan in plans]


def size() -> int:
    head = LogHead.objects.filter(pk=1).values_list("size", flat=True).first()
    return head or 0


def check_size(n: int) -> None:
    if not 0 <= n <= size():
        raise LogError("the log is not that large")


def root_at(n: int) -> bytes:
    check_size(n)
    return range_hashes([(0, n)])[0] if n else merkle.root_hash([])


def inclusion_proof(index: int, n: int) -> list[bytes]:
    check_size(n)
    if not 0 <= index < n:
        raise LogError("the index must be below the size")
    return range_hashes(merkle.inclusion_ranges(index, n))


def consistency_proof(first: int, second: int) -> list[bytes]:
    check_size(second)
    if not 0 < first <= second:
        raise LogError("0 < first <= second")
    return range_hashes(merkle.consistency_ranges(first, second))
