"""The registry as the government's verifier on Bluesky: the record it keeps in its own repository
for each verified Bluesky entry (`app.bsky.graph.verification`), and where that record stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.entries import SocialAccount


class BlueskyVerification(models.Model):
    """What the registry's repository holds for one entry. One row an entry, kept forever: a
    withdrawn record keeps its row (state WITHDRAWN), so the staff page can say what happened."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be published")
        PUBLISHED = "published", _("Published on Bluesky")
        WITHDRAWN = "withdrawn", _("Withdrawn from Bluesky")
        FAILED = "failed", _("Failed")

    entry = models.OneToOneField(
        SocialAccount,
        on_delete=models.PROTECT,
        related_name="bluesky_verification",
        verbose_name=_("entry"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    # The published record's key in the registry's repository.
    rkey = models.CharField(_("record key"), max_length=20, blank=True)
    # The key of the record about to be written, chosen and committed before it is written: a
    # retried job writes the same key, so a record is never written twice.
    next_rkey = models.CharField(_("next record key"), max_length=20, blank=True)
    uri = models.CharField(_("record address"), max_length=300, blank=True)
    # What the published record says (its subject, handle and display name).
    subject_did = models.CharField(_("account DID"), max_length=200, blank=True)
    handle = models.CharField(_("handle"), max_length=255, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Bluesky verification record")
        verbose_name_plural = _("Bluesky verification records")

    def __str__(self) -> str:
        return f"{self.entry} — {self.get_state_display()}"

    def says(self) -> tuple[str, str, str]:
        return (self.subject_did, self.handle, self.display_name)
