"""Citizens' reports of suspected fakes, and the reminders already sent (so none goes twice)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import multi_line, single_line
from registry.models.choices import Platform
from registry.models.entries import SocialAccount


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A link a citizen suspects of being a fake. Nothing typed here is ever shown publicly."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HANDLED = "handled", _("Handled")
        DISMISSED = "dismissed", _("Dismissed")

    url = models.CharField(_("reported link"), max_length=2048, validators=[single_line])
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    handle = models.CharField(_("handle"), max_length=255, blank=True, validators=[single_line])
    entry = models.ForeignKey(
        SocialAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("matching entry"),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True, validators=[multi_line])
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    # The page's language when the report was sent: the reporter is answered in it.
    language = models.CharField(_("language"), max_length=2, blank=True)
    # A keyed hash of the client address: enough to rate-limit, not to identify a person.
    client_hash = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handling_note = models.TextField(_("handling note"), blank=True, validators=[multi_line])
    # The reviewer's words to the citizen, sent with the outcome (the note stays internal).
    reply = models.TextField(
        _("reply to the reporter"), max_length=2000, blank=True, validators=[multi_line]
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.platform or '?'} {self.handle or self.url[:60]}"


class ReviewReminder(models.Model):
    """A re-certification reminder sent for one due date and one lead time, at most once."""

    entry = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="reminders")
    due_date = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "due_date", "days_before"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.due_date} -{self.days_before}d"
