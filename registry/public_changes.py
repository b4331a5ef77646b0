"""The one writer of a change to what the public sees.

Every change to a public answer (a workflow move that citizens see, through the transition
table's `public` column; a watch finding; an alias decision; an edit of a public entry; a change
made in the admin, by an import or a restore) calls one of the two functions below inside the
change's own transaction, and nothing else does what they do:

- a change to an entry is appended to the public log (registry.transparency: an append-only
  Merkle tree, docs/transparency.md) and pushed to whoever subscribed (registry.push: webhooks,
  WebSub), from rows written in that transaction;
- the register's version (registry.models.register) is raised in that transaction, with the
  scopes of the answers the change makes stale: the entry, each key that names it (its handle,
  its permanent id, its accepted aliases), and every list (registry.freshness.kept);
- once the transaction commits, the processes that serve the site are told
  (registry.freshness); should that notice be lost, each of them reads the version again within
  the freshness bound anyway.
"""

import base64
import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from registry import freshness
from registry.models import (
    EVERYTHING,
    AliasStatus,
    LogEntry,
    PublicChange,
    RegisterChange,
    RegisterVersion,
    SocialAccount,
)
from registry.models.register import account_id_scope, entry_scope, key_scope
from registry.push import deliveries as push
from registry.transparency import log


def record_public_change(
    entry: SocialAccount, kind: PublicChange, *, at: datetime.datetime | None = None
) -> LogEntry:
    """`entry`'s public answer changed (`kind`), in the current transaction: appended to the
    public log, pushed to subscribers, every answer showing it stale; the log entry."""
    appended = log.append(entry, kind, at or timezone.now())
    _raise_version(scopes_of(entry))
    push.fan_out(entry, kind, log=log_reference(appended))
    return appended


def log_reference(appended: LogEntry) -> dict:
    """How a pushed change names its log entry (docs/push.md)."""
    return {
        "index": appended.index,
        "leaf_hash": base64.b64encode(bytes(appended.leaf_hash)).decode(),
    }


def register_changed() -> int:
    """Something any public answer may show changed (a ministry renamed, a restore, an import),
    in the current transaction; the new version."""
    return _raise_version({EVERYTHING})


def scopes_of(entry: SocialAccount) -> set[str]:
    """The scopes of the kept answers that show `entry`: its own, and each key that names it."""
    scopes = {entry_scope(entry.pk), key_scope(entry.platform, entry.handle)}
    if entry.platform_account_id:
        scopes.add(account_id_scope(entry.platform, entry.platform_account_id))
    aliases = entry.aliases.filter(status=AliasStatus.ACCEPTED).values_list("platform", "key")
    scopes.update(key_scope(platform, key) for platform, key in aliases)
    return scopes


@transaction.atomic
def _raise_version(scopes: set[str]) -> int:
    """One more version, whose row lock (PostgreSQL) or write lock (SQLite) orders it after
    every change that committed before it."""
    if not RegisterVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RegisterVersion.objects.get_or_create(pk=1)  # a database emptied since its migration
        RegisterVersion.objects.filter(pk=1).update(number=F("number") + 1)
    number = RegisterVersion.objects.values_list("number", flat=True).get(pk=1)
    RegisterChange.objects.update_or_create(
        version=number, defaults={"scopes": "\n".join(sorted(scopes))}
    )
    transaction.on_commit(lambda: freshness.changed(number))
    return number
