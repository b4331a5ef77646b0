"""What the watch saw: every observation (append-only), and each entry's watch state."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel
from registry.models.entries import SocialAccount
from registry.models.history import ReviewEvent


class Finding(models.TextChoices):
    """What the watch found that waits for the central unit (a queue item)."""

    TAKEOVER = "takeover", _("Handle taken over")
    RENAMED = "renamed", _("Handle changed")
    GONE = "gone", _("Account gone")
    PROFILE = "profile", _("Profile changed")


class Observation(AppendOnlyModel):
    """One look at an account on its platform: when, what was seen, what changed."""

    class Kind(models.TextChoices):
        UNCHANGED = "unchanged", _("No change")
        FIRST = "first", _("Permanent id recorded")
        TAKEOVER = "takeover", _("Handle taken over")
        RENAMED = "renamed", _("Handle changed")
        GONE = "gone", _("Account gone")
        PROFILE = "profile", _("Profile changed")
        FAILED = "failed", _("Check failed")
        PROOF = "proof", _("Proof of control checked")
        # Seen, but not yet on enough consecutive reads to act on (WATCH_CONFIRM_READS).
        UNCONFIRMED = "unconfirmed", _("Seen, not yet confirmed")
        # Later reads contradicted an earlier finding: the watch withdrew it.
        RESTORED = "restored", _("Finding withdrawn by the watch")

    entry = models.ForeignKey(
        SocialAccount,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("entry"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the platform answered for the handle (and for the permanent id, when asked).
    seen = models.JSONField(_("what was seen"), default=dict, blank=True)
    # {"field": [before, after], …}
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    # For an unconfirmed observation: the kind it becomes once confirmed.
    suspected = models.CharField(
        _("awaiting confirmation"), max_length=20, choices=Kind.choices, blank=True
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    code_found = models.BooleanField(_("control code found"), null=True, blank=True)
    # The decision this observation is evidence for (a verification's proof of control).
    event = models.ForeignKey(
        ReviewEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("decision"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("watch observation")
        verbose_name_plural = _("watch observations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at"], name="observation_entry_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.entry_id}"


class WatchState(models.Model):
    """The watch's memory of one entry: when to look next, the last answer, open findings."""

    entry = models.OneToOneField(
        SocialAccount, on_delete=models.PROTECT, related_name="watch", verbose_name=_("entry")
    )
    next_check_at = models.DateTimeField(_("next check"), null=True, blank=True, db_index=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_seen = models.JSONField(_("last seen"), default=dict, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    gone_since = models.DateTimeField(_("gone since"), null=True, blank=True)
    close_requested_at = models.DateTimeField(_("closure asked"), null=True, blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    finding_since = models.DateTimeField(_("finding since"), null=True, blank=True)
    pending_handle = models.CharField(_("new handle to accept"), max_length=255, blank=True)
    # Set once the registered handle is known not to belong to the verified account any more.
    handle_lost_at = models.DateTimeField(_("handle lost"), null=True, blank=True)
    # Set once the account's absence is confirmed: the public answer is "gone", never "official".
    gone_confirmed_at = models.DateTimeField(_("absence confirmed"), null=True, blank=True)
    # An observation seen but not yet confirmed: its kind, what it changes, how many consistent
    # reads so far, and when the last of them was made.
    suspected = models.CharField(
        _("awaiting confirmation"), max_length=20, choices=Observation.Kind.choices, blank=True
    )
    suspected_changes = models.JSONField(
        _("changes awaiting confirmation"), default=dict, blank=True
    )
    suspected_reads = models.PositiveSmallIntegerField(_("consistent reads"), default=0)
    suspected_at = models.DateTimeField(_("last consistent read"), null=True, blank=True)

    class Meta:
        verbose_name = _("watch state")
        verbose_name_plural = _("watch states")

    def __str__(self) -> str:
        return f"watch of {self.entry_id}"


class PlatformClock(models.Model):
    """The next moment a request to a platform may start: the rate limit, across workers."""

    platform = models.CharField(max_length=20, primary_key=True)
    next_slot_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.platform


class PlatformSlot(models.Model):
    """One of a platform's concurrent checks (WATCH_CONCURRENCY), held as a lease: taken before
    the network call and given back after it, with no transaction or lock held meanwhile; a
    worker that dies holding one loses it when the lease ends."""

    platform = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField()
    held_until = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "number"], name="one_slot_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.platform} #{self.number}"


class StreamCursor(models.Model):
    """Where a push stream's consumer stopped reading (Jetstream: the last event's `time_us`),
    so that it reconnects from there and misses nothing."""

    name = models.CharField(max_length=40, primary_key=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.position}"
