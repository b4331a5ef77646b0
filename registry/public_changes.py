"""The one writer of a change to what the public sees.

Every change to a public answer (a workflow move that citizens see, a watch finding, an alias
decision, an edit of a public entry, a change made in the admin or by a restore) calls one of the
two functions below inside the change's own transaction, and nothing else: the register's
version, the public answers kept under it, the public log (registry.transparency) and what
follows from a public change are written here and only here.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from registry import caching
from registry.models import LogEntry, PublicChange, SocialAccount
from registry.transparency import log


def record_public_change(
    entry: SocialAccount, kind: PublicChange, *, at: datetime.datetime | None = None
) -> LogEntry:
    """`entry`'s public answer changed (`kind`), in the current transaction: the change is
    appended to the public log (docs/transparency.md), and the log entry returned."""
    appended = log.append(entry, kind, at or timezone.now())
    register_changed()
    return appended


def register_changed() -> None:
    """Something every public answer may show changed (a ministry renamed, a restore): in the
    current transaction."""
    transaction.on_commit(caching.bump_register_version)
