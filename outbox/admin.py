from django.contrib import admin, messages
from django.utils.translation import npgettext, pgettext_lazy

from outbox.models import OutgoingEmail
from outbox.tasks import retry_now


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What the registry sent, is sending and could not send: read here, retried, never deleted."""

    list_display = [
        "created_at",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "language"]
    search_fields = ["recipient", "subject", "message_key"]
    date_hierarchy = "created_at"
    actions = ["retry_selected_now"]
    fields = [
        "message_key",
        "recipient",
        "language",
        "subject",
        "body_shown",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=pgettext_lazy("outbox", "body"))
    def body_shown(self, email: OutgoingEmail) -> str:
        """The body without its secrets: a password-reset or invitation link sets a password,
        and whoever reads the outbox (a central admin) must not be able to take it."""
        from registry.web.log_redaction import redact  # the one rule of what is a secret in text

        return redact(email.body)

    @admin.action(description=pgettext_lazy("outbox", "Retry now"), permissions=["change"])
    def retry_selected_now(self, request, queryset):
        retried = sum(retry_now(email) for email in queryset)
        skipped = queryset.count() - retried
        self.message_user(
            request,
            npgettext(
                "outbox",
                "%(count)d e-mail queued for another attempt now.",
                "%(count)d e-mails queued for another attempt now.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                npgettext(
                    "outbox",
                    "%(count)d e-mail was sent already: not sent again.",
                    "%(count)d e-mails were sent already: not sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def has_add_permission(self, request) -> bool:
        return False  # e-mails are written by the registry's moves, never by hand

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what was sent stays
