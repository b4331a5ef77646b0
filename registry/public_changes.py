"""The one writer of a change to what the public sees.

Every change to a public answer (a workflow move that citizens see, a watch finding, an alias
decision, an edit of a public entry, a change made in the admin or by a restore) calls one of the
two functions below inside the change's own transaction, and nothing else: the register's
version, the public answers kept under it, and what follows from a public change are written
here and only here.
"""

from django.db import transaction

from push import deliveries as push
from registry import caching
from registry.models import PublicChange, SocialAccount


def record_public_change(entry: SocialAccount, kind: PublicChange) -> None:
    """`entry`'s public answer changed (`kind`), in the current transaction."""
    register_changed()
    push.fan_out(entry, kind, log=None)  # the lead passes the transparency-log entry here


def register_changed() -> None:
    """Something every public answer may show changed (a ministry renamed, a restore): in the
    current transaction."""
    transaction.on_commit(caching.bump_register_version)
