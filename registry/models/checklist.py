"""The guide's checklist, as data that the central admins maintain (guides change)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.text import multi_line, single_line


class ChecklistItemQuerySet(models.QuerySet):
    def active(self) -> "ChecklistItemQuerySet":
        return self.filter(active=True)

    def for_ministry(self) -> "ChecklistItemQuerySet":
        return self.active().exclude(answered_by=ChecklistItem.AnsweredBy.REVIEWER)

    def for_reviewer(self) -> "ChecklistItemQuerySet":
        return self.active().exclude(answered_by=ChecklistItem.AnsweredBy.MINISTRY)


class ChecklistItem(models.Model):
    class AnsweredBy(models.TextChoices):
        MINISTRY = "ministry", _("The ministry")
        REVIEWER = "reviewer", _("The reviewer")
        BOTH = "both", _("Both")

    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    label_lb = models.CharField(
        _("label (Luxembourgish)"), max_length=200, blank=True, validators=[single_line]
    )
    label_fr = models.CharField(_("label (French)"), max_length=200, validators=[single_line])
    label_de = models.CharField(_("label (German)"), max_length=200, validators=[single_line])
    label_en = models.CharField(_("label (English)"), max_length=200, validators=[single_line])
    help_lb = models.TextField(_("help (Luxembourgish)"), blank=True, validators=[multi_line])
    help_fr = models.TextField(_("help (French)"), blank=True, validators=[multi_line])
    help_de = models.TextField(_("help (German)"), blank=True, validators=[multi_line])
    help_en = models.TextField(_("help (English)"), blank=True, validators=[multi_line])
    answered_by = models.CharField(
        _("answered by"), max_length=10, choices=AnsweredBy.choices, default=AnsweredBy.BOTH
    )
    source = models.CharField(_("source"), max_length=20, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired items stay in past decisions.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    def _in(self, prefix: str, language: str | None) -> str:
        code = (language or get_language() or "fr")[:2]
        return getattr(self, f"{prefix}_{code}", "") or getattr(self, f"{prefix}_fr")

    @property
    def label(self) -> str:
        return self._in("label", None)

    @property
    def help(self) -> str:
        return self._in("help", None)

    def label_in(self, language: str) -> str:
        return self._in("label", language)
