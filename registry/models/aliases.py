"""Entry aliases: other keys naming the same account as an entry (a YouTube channel id, its
@handle and its legacy user name; an X name and its user number).

Declared by the ministry or found by the watch, an alias answers "official" only once the
central unit has accepted it. Aliases are never deleted: a refused or retired one stays, with
its status, as part of the entry's history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.links import display_handle
from registry.models.choices import Platform
from registry.models.entries import SocialAccount


class AliasStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the central unit")
    ACCEPTED = "accepted", _("Accepted by the central unit")
    REFUSED = "refused", _("Refused by the central unit")
    RETIRED = "retired", _("No longer held by the entry")  # its entry gave the account up


class AliasSource(models.TextChoices):
    MINISTRY = "ministry", _("Declared by the ministry")
    WATCH = "watch", _("Found by the watch")
    REVIEWER = "reviewer", _("Added by the central unit")


# An alias in one of these holds its (platform, key): no other entry may use that key.
LIVE_ALIAS_STATUSES = (AliasStatus.PROPOSED, AliasStatus.ACCEPTED)


class EntryAliasQuerySet(models.QuerySet):
    def live(self) -> "EntryAliasQuerySet":
        return self.filter(status__in=LIVE_ALIAS_STATUSES)

    def accepted(self) -> "EntryAliasQuerySet":
        return self.filter(status=AliasStatus.ACCEPTED)


class EntryAlias(models.Model):
    Status = AliasStatus
    Source = AliasSource

    entry = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="aliases", verbose_name=_("entry")
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    key = models.CharField(_("key"), max_length=255)
    url = models.URLField(_("link"), max_length=500)
    source = models.CharField(_("source"), max_length=20, choices=AliasSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AliasStatus.choices, default=AliasStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
        help_text=_("Empty when the watch found it."),
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    accepted_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = EntryAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry alias")
        verbose_name_plural = _("entry aliases")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "key"],
                condition=Q(status__in=LIVE_ALIAS_STATUSES),
                name="one_live_alias_per_key",
                violation_error_message=_("This link is already an alias of an entry."),
            ),
            models.CheckConstraint(condition=~Q(key=""), name="alias_key_not_empty"),
        ]
        indexes = [models.Index(fields=["platform", "key", "status"], name="alias_lookup")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.key} → {self.entry_id}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Aliases are never deleted: refuse or retire them instead.")

    @property
    def shown_key(self) -> str:
        """How a person writes the alias ("@gouvlu", "user/gouvlu", "id:783214")."""
        return display_handle(self.platform, self.key)
