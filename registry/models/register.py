"""The register's version, a fact of the database.

Every change to a public answer raises `RegisterVersion.number` in the change's own transaction
(registry.public_changes, the one writer) and records, as a `RegisterChange`, the scopes of the
answers it touched. A process knows its kept answers are current by reading the number (at most
once per freshness bound, registry.web.freshness); Redis only carries notices that it changed.
A lost or restored Redis, a killed process or a failed notice can cost speed, never freshness.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A change that touches every answer (a ministry renamed, a restore, a bulk import).
EVERYTHING = "*"


# The scopes of kept answers (registry.freshness.kept): what a change touches, what an answer
# shows.
def entry_scope(pk: int) -> str:
    return f"entry:{pk}"


def key_scope(platform: str, key: str) -> str:
    return f"key:{platform}:{key}"


def account_id_scope(platform: str, account_id: str) -> str:
    return f"id:{platform}:{account_id}"


class RegisterVersion(models.Model):
    """One row (pk 1): raised by one in the transaction of every public change. Its row lock
    orders the changes: versions commit in their order, so a reader never skips one."""

    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("register version")
        verbose_name_plural = _("register versions")

    def __str__(self) -> str:
        return str(self.number)


class RegisterChange(models.Model):
    """What one version changed: the scopes of the kept answers it makes stale."""

    version = models.BigIntegerField(_("version"), primary_key=True)
    scopes = models.TextField(_("scopes"))  # one per line; EVERYTHING for a register-wide change
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")

    def __str__(self) -> str:
        return f"{self.version}: {self.scopes}"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split("\n"))
