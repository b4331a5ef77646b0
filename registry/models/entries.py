"""SocialAccount: one entry per official account, and the named reads over entries."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ExternalAgency, Service
from accounts.roles import memberships_of
from accounts.text import multi_line, single_line
from registry.fields import LanguagesField, PublicationLanguage
from registry.models.choices import (
    PUBLIC_STATUSES,
    RELEASED_STATUSES,
    Kind,
    MinisterMode,
    Platform,
    Status,
)
from registry.models.scope import entries_covered_by

# No 0/O or 1/I/L: a reviewer reads it off a profile, a ministry types it in.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_control_code() -> str:
    return "REG-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


class SocialAccountQuerySet(models.QuerySet):
    def public(self) -> "SocialAccountQuerySet":
        """The only entries citizens may see: every public page, feed, export and API start here."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def live(self) -> "SocialAccountQuerySet":
        """Entries that hold their (platform, handle)."""
        return self.exclude(status__in=RELEASED_STATUSES)

    def for_member(self, user) -> "SocialAccountQuerySet":
        """Entries of the user's ministries; an agency's staff see only their agency's entries."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(entries_covered_by(memberships_of(user)))

    def with_related(self) -> "SocialAccountQuerySet":
        return self.select_related("service", "service__ministry", "agency")


class SocialAccount(models.Model):
    Status = Status
    Kind = Kind
    Platform = Platform
    MinisterMode = MinisterMode

    # Identity: from the link parser; never changes once submitted (a new handle is a new entry).
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=255, validators=[single_line])
    url = models.URLField(_("link"), max_length=500, validators=[single_line])
    platform_account_id = models.CharField(
        _("permanent account id"),
        max_length=100,
        blank=True,
        help_text=_(
            "The platform's id that never changes (a YouTube channel id, a Facebook page number, "
            "a Bluesky DID, an X user number), when known."
        ),
    )
    control_code = models.CharField(
        _("proof-of-control code"), max_length=20, default=new_control_code, editable=False
    )
    display_name = models.CharField(_("display name"), max_length=200, validators=[single_line])
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INSTITUTIONAL
    )
    minister_mode = models.CharField(
        _("how the minister's account is run"),
        max_length=20,
        choices=MinisterMode.choices,
        blank=True,
    )
    campaign_end = models.DateField(_("campaign end date"), null=True, blank=True)

    # Owner and managers.
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="entries", verbose_name=_("owning service")
    )
    team_name = models.CharField(_("managing team"), max_length=200, validators=[single_line])
    team_email = models.EmailField(_("functional e-mail"))
    team_phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[single_line])
    agency = models.ForeignKey(
        ExternalAgency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("external agency"),
    )
    languages = LanguagesField(_("publication languages"))
    purpose = models.TextField(_("purpose"), max_length=1000, validators=[multi_line])
    self_assessment = models.JSONField(
        _("ministry's self-assessment"),
        default=dict,
        blank=True,
        help_text=_("The ministry's answer to each checklist item: {code: {answer, note}}."),
    )

    # Review state: only registry.workflow writes these.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    public_notice = models.TextField(_("public notice"), blank=True, validators=[multi_line])
    # The notice in each interface language it exists in (registry/notices.py).
    # None until a notice is written: a column SQLite adds without rebuilding the table (and
    # its count triggers), and that the bulk seeder's own INSERT may leave out.
    public_notices = models.JSONField(_("public notice in each language"), null=True, blank=True)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_entries",
        verbose_name=_("assigned reviewer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_entries",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    confirmation_submitted_at = models.DateTimeField(
        _("re-certification sent by the ministry"), null=True, blank=True
    )
    contact_changed_at = models.DateTimeField(
        _("contact data changed since verification"), null=True, blank=True
    )
    # Optimistic locking: every write bumps it; a form or decision made on an older one is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("social media account")
        verbose_name_plural = _("social media accounts")
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                condition=~Q(status__in=RELEASED_STATUSES),
                name="one_live_entry_per_account",
                violation_error_message=_("This account is already registered."),
            ),
            models.CheckConstraint(condition=~Q(handle=""), name="entry_handle_not_empty"),
        ]
        indexes = [
            models.Index(fields=["platform", "handle"], name="entry_identity"),
            models.Index(fields=["status", "platform"], name="entry_status_platform"),
            models.Index(fields=["status", "next_review_due"], name="entry_status_review_due"),
            # The public lists' order (directory, API), walked instead of sorting the register.
            models.Index(fields=["display_name", "id"], name="entry_name_order"),
            models.Index(
                fields=["platform", "display_name", "id"], name="entry_platform_name_order"
            ),
            # A ministry's page, service by service (registry.public.views.pages.ministry).
            models.Index(fields=["service", "display_name", "id"], name="entry_service_name_order"),
            # A list selected by status, or by ministry or service (and status), read part by
            # part in name order and merged (registry.listing.NameOrderedParts).
            models.Index(fields=["status", "display_name", "id"], name="entry_status_name_order"),
            models.Index(
                fields=["service", "status", "display_name", "id"],
                name="entry_part_name_order",
            ),
            # The public feed's order (registry.exports.feed.changed_entries).
            models.Index(
                Coalesce("status_changed_at", "verified_at", "updated_at").desc(),
                F("id").desc(),
                name="entry_changed_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_platform_display()} {self.handle})"

    def get_absolute_url(self) -> str:
        return reverse("public:account", args=[self.pk])

    @property
    def ministry(self):
        return self.service.ministry

    @property
    def language_labels(self) -> list[str]:
        """The publication languages by name, in the active language ("Luxembourgish, French")."""
        return [str(PublicationLanguage(code).label) for code in self.languages]

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES
