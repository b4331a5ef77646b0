"""The entry's history: review events and contact-data changes. Append-only, never edited."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel
from accounts.text import multi_line
from registry.models.choices import Move, Reason, Status
from registry.models.entries import SocialAccount
from registry.models.labels import field_label, when


class ReviewEvent(AppendOnlyModel):
    """One move in an entry's life: who, when, from which status to which, why."""

    entry = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="events", verbose_name=_("entry")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_events",
        verbose_name=_("by"),
        help_text=_("Empty for the system (a scheduled job)."),
    )
    move = models.CharField(_("move"), max_length=20, choices=Move.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    message = models.TextField(_("message"), blank=True, validators=[multi_line])
    # The checklist as it was answered, with each item's code and label as they were then.
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    # For an assignment: the reviewer it went to.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at"], name="event_entry_time")]

    def __str__(self) -> str:
        return f"{when(self.created_at)}: {self.get_move_display()} ({self.entry_id})"


class EntryChange(AppendOnlyModel):
    """A change of an entry's contact data: who, when, and each field's old and new value."""

    entry = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="changes", verbose_name=_("entry")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    # {"team_email": ["old@…", "new@…"], …}
    changes = models.JSONField(_("changes"))
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("contact data change")
        verbose_name_plural = _("contact data changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{when(self.created_at)}: {', '.join(map(field_label, self.changes))}"
