"""The freshness bound: no process serves a kept answer older than REGISTER_FRESHNESS_SECONDS.

The register's version is a row of the database (registry.models.register), raised in the
transaction of every public change with the scopes of the answers that change makes stale.
Each process keeps what it has read of it (`RegisterClock`):

- the version it last confirmed, and when; a kept answer is served only while that confirmation
  is younger than the bound (1 s by default): past it, the next request reads the version from
  the database again (one indexed read of one row, at most once per bound and process);
- the changes since, read from `RegisterChange`: a kept answer stays good unless a later change
  touched one of its scopes (an entry, a key naming it) or every answer (a list, a register-wide
  change). A version that went backwards (a restored database), a gap too wide to read, or a
  process that has not read one yet: every kept answer is stale;
- Redis's notices (registry.freshness.notices): a change committed anywhere is announced on
  commit, and a notice makes the next request read the database at once, so the common case is
  immediate. A notice lost, delayed (Redis paused) or never sent (Redis down) only means the
  bound applies; Redis never holds the truth, so a Redis restarted empty or from an old
  snapshot cannot bring an old answer back.

When the database cannot be read, nothing is confirmed and no kept answer is served.
"""

import logging
import math
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError

from registry.freshness import notices
from registry.models import EVERYTHING, RegisterChange, RegisterVersion

log = logging.getLogger(__name__)

# More changes than this since a process last looked: it starts again from the current version
# (every kept answer stale) instead of reading them all.
MAX_CHANGES_READ = 1000
# Scopes remembered per process before it starts again from the current version.
MAX_SCOPES_KEPT = 50_000


class RegisterClock:
    """What this process knows of the register's version (shared by its threads)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.generation = 0  # raised by each change made in this process
        self.reset(None)

    def reset(self, version: int | None) -> None:
        """Start from `version`: every answer kept before it is stale."""
        self.version = version
        self.confirmed_at = -math.inf
        self.floor = version if version is not None else math.inf
        self.everything = 0  # the latest version that made every answer stale
        self.latest = version or 0  # the latest version, whatever it touched
        self.touched: dict[str, int] = {}  # scope -> the latest version that touched it

    def current(self) -> int | None:
        """The version, confirmed within the bound; None when the database cannot say."""
        with self.lock:
            if notices.heard():
                self.confirmed_at = -math.inf
            if self.clock() - self.confirmed_at < settings.REGISTER_FRESHNESS_SECONDS:
                return self.version
            asked_at = self.clock()  # what the read says holds from then on, not from its end
            try:
                self._advance(read_version())
            except DatabaseError as error:
                log.warning("The register version cannot be read: %s", error)
                return None
            self.confirmed_at = asked_at
            return self.version

    def fresh(self, computed: int, scopes: frozenset[str]) -> bool:
        """Whether an answer computed at version `computed`, showing `scopes`, is current."""
        if computed < self.floor or computed < self.everything:
            return False
        if EVERYTHING in scopes:
            return computed >= self.latest
        return all(computed >= self.touched.get(scope, 0) for scope in scopes)

    def forget(self) -> None:
        """Read the version again at once (this process just changed it)."""
        self.confirmed_at = -math.inf
        self.generation += 1

    def _advance(self, number: int) -> None:
        if self.version is None or number < self.version:
            self.reset(number)
            return
        if number == self.version:
            return
        changes = list(
            RegisterChange.objects.filter(version__gt=self.version, version__lte=number)
            .order_by("version")
            .values_list("version", "scopes")[: MAX_CHANGES_READ + 1]
        )
        if len(changes) != number - self.version or len(self.touched) > MAX_SCOPES_KEPT:
            self.reset(number)  # a gap: changes this process cannot know
            return
        for version, scopes in changes:
            self._learn(version, frozenset(scopes.split("\n")))
        self.version = number

    def _learn(self, version: int, scopes: frozenset[str]) -> None:
        self.latest = version
        if EVERYTHING in scopes:
            self.everything = version
        for scope in scopes:
            self.touched[scope] = version


def read_version() -> int:
    """The register's version, from the database (0 for a database emptied since migration)."""
    return RegisterVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


clock = RegisterClock()


def changed(number: int) -> None:
    """A change committed in this process: read at once here, announced to the others."""
    clock.forget()
    notices.announce(number)
