from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy


def _(text: str):
    """The outbox's labels carry their own context, so they never clash with the register's."""
    return pgettext_lazy("outbox", text)


class OutgoingEmail(models.Model):
    """One e-mail to one recipient: queued, then sent, or failed after its last attempt.

    `message_key` names the event, the kind of e-mail and the recipient (for example
    `event:42:decision:alice@example.org`): unique, so the same event's same e-mail to the same
    person is never queued twice, and the send job never sends a row that is not queued.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message_key = models.CharField(_("message key"), max_length=300, unique=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
