"""The public log (registry.transparency): its entries, the complete subtrees' hashes, signed
checkpoints and witnesses' cosignatures, and the signed offline list.

Log rows are append-only: the model refuses to save a row twice or delete one, and on
PostgreSQL a trigger refuses any UPDATE or DELETE of them (migration 0015).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel
from registry.models.choices import PublicChange
from registry.models.entries import SocialAccount


class LogHead(models.Model):
    """One row: the log's size. Every append locks it, so two changes never share an index."""

    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("log head")

    def __str__(self) -> str:
        return f"log of {self.size} entries"


class LogEntry(AppendOnlyModel):
    """One entry of the public log: the leaf (canonical JSON of public facts only)."""

    index = models.PositiveBigIntegerField(_("log index"), primary_key=True)
    entry = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="log_entries", db_constraint=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicChange.choices)
    created_at = models.DateTimeField(_("when"), db_index=True)
    leaf = models.BinaryField(_("leaf"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["index"]
        indexes = [models.Index(fields=["entry", "index"], name="log_entry_index")]

    def __str__(self) -> str:
        return f"{self.index} {self.kind} {self.entry_id}"


class LogKey(AppendOnlyModel):
    """A key (handle, alias, permanent id) a log entry names: how `at=` finds the entries of a
    link without reading every leaf."""

    log = models.ForeignKey(LogEntry, on_delete=models.PROTECT, related_name="keys")
    platform = models.CharField(max_length=20)
    key = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["platform", "key", "log"], name="log_key_lookup")]


class LogNode(AppendOnlyModel):
    """The hash of a complete subtree: leaves [position·2^level, (position+1)·2^level)."""

    pk = models.CompositePrimaryKey("level", "position")
    level = models.PositiveSmallIntegerField()
    position = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)


class Checkpoint(models.Model):
    """A signed checkpoint (C2SP tlog-checkpoint); never for a smaller tree than the last."""

    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.BinaryField(max_length=32)
    note = models.TextField()  # the signed note: text, blank line, the log's signature
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Cosignature(models.Model):
    """A witness's cosignature line of a checkpoint, verified against its accepted key."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="cosigned")
    witness = models.CharField(max_length=255)  # the witness's key name
    line = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "witness"], name="one_cosignature")
        ]

    def __str__(self) -> str:
        return f"{self.witness} on {self.checkpoint}"


class SignedList(models.Model):
    """One version of /.well-known/official-accounts.json: the exact bytes and their signature."""

    version = models.BigAutoField(primary_key=True)
    register_version = models.CharField(max_length=100, blank=True)
    accounts_digest = models.CharField(max_length=64)
    generated_at = models.DateTimeField()
    expires = models.DateTimeField()
    log_size = models.PositiveBigIntegerField()
    body = models.BinaryField()
    signature = models.CharField(max_length=100)  # base64

    def __str__(self) -> str:
        return f"list version {self.version}"
