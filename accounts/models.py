"""People and organisations: users, ministries, services, agencies, memberships."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalise_email
from accounts.text import single_line


class Language(models.TextChoices):
    """Languages of the interface (and of the e-mails a ministry receives)."""

    LB = "lb", _("Luxembourgish")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email=normalise_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; no username."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, validators=[single_line])
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("May sign in to the admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    provider_only = models.BooleanField(
        _("identity provider only"),
        default=False,
        help_text=_(
            "Signs in only through the State's identity provider: no local password works."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            # Sign-in ignores case: two spellings of one address are one person.
            models.UniqueConstraint(
                Lower("email"),
                name="one_user_per_email_any_case",
                violation_error_message=_("A user with this e-mail address already exists."),
            )
        ]

    @classmethod
    def normalize_username(cls, username: str) -> str:
        # AbstractBaseUser.clean() calls it: the admin's forms store the normalised address.
        return normalise_email(username)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class TranslatedName(models.Model):
    """A name in the three languages of the interface; `name` follows the active one."""

    name_fr = models.CharField(_("name (French)"), max_length=200, validators=[single_line])
    name_de = models.CharField(_("name (German)"), max_length=200, validators=[single_line])
    name_en = models.CharField(_("name (English)"), max_length=200, validators=[single_line])

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_field(language: str | None) -> str:
        """The field holding the name in `language`: name_fr, name_de or name_en (French for any
        other language)."""
        code = (language or "fr")[:2]
        return f"name_{code}" if code in ("fr", "de", "en") else "name_fr"

    def name_in(self, language: str | None) -> str:
        return getattr(self, self.name_field(language)) or self.name_fr

    @property
    def name(self) -> str:
        return self.name_in(get_language())


class Ministry(TranslatedName):
    short_name = models.CharField(_("short name"), max_length=30, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    website = models.URLField(_("website"), blank=True, validators=[single_line])
    language = models.CharField(
        _("language of correspondence"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
    )

    class Meta:
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        ordering = ["name_fr"]

    def get_absolute_url(self) -> str:
        return reverse("public:ministry", args=[self.slug])


class Service(TranslatedName):
    """The owning service: a ministry's communication service, an administration, a department."""

    class Kind(models.TextChoices):
        COMMUNICATION = "communication", _("Communication service")
        ADMINISTRATION = "administration", _("Administration")
        DEPARTMENT = "department", _("Department")

    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="services", verbose_name=_("ministry")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, validators=[single_line]
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True, validators=[single_line])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["ministry__name_fr", "name_fr"]


class ExternalAgency(models.Model):
    """A communication agency or consultant that manages accounts for a ministry."""

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[single_line])
    contact_email = models.EmailField(_("contact e-mail"))
    website = models.URLField(_("website"), blank=True, validators=[single_line])

    class Meta:
        verbose_name = _("external agency")
        verbose_name_plural = _("external agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def admins(self) -> "MembershipQuerySet":
        return self.filter(role=Membership.Role.MINISTRY_ADMIN)


class Membership(models.Model):
    """A person's role in one ministry; an agency's staff member also names the agency."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        MINISTRY_ADMIN = "ministry_admin", _("Ministry administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("ministry")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    agency = models.ForeignKey(
        ExternalAgency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("external agency"),
        help_text=_("Set for an agency's staff: they see only the entries their agency manages."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["ministry__name_fr", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "ministry"], name="one_membership_per_ministry")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.ministry.short_name} ({self.get_role_display()})"


class AppendOnlyQuerySet(models.QuerySet):
    """Records that are history: they may be added, never changed or removed."""

    def update(self, **kwargs):
        raise PermissionError("History records are append-only: they cannot be updated.")

    def delete(self):
        raise PermissionError("History records are append-only: they cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("History records are append-only: they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("History records are append-only: they cannot be deleted.")


class MembershipEvent(AppendOnlyModel):
    """Who added, changed or removed whose membership, and when."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited")
        ADDED = "added", _("Added")
        ROLE_CHANGED = "role_changed", _("Role changed")
        REMOVED = "removed", _("Removed")
        GROUP_CHANGED = "group_changed", _("Central role changed")
        PERSON_CHANGED = "person_changed", _("Person's details changed")
        PASSWORD_SET = "password_set", _("Password set by someone else")
        ACCOUNT_CREATED = "account_created", _("Account created")
        FACTOR_REMOVED = "factor_removed", _("Second factor removed by someone else")
        FACTOR_SET = "factor_set", _("Second factor set by someone else")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_events",
        verbose_name=_("member"),
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ministry")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    old_value = models.CharField(_("before"), max_length=100, blank=True)
    new_value = models.CharField(_("after"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.get_action_display()} {self.user}"

    def old_label(self) -> str:
        from accounts.wording import event_value  # here: the wording reads this model

        return event_value(self, self.old_value)

    def new_label(self) -> str:
        from accounts.wording import event_value  # here: the wording reads this model

        return event_value(self, self.new_value)


class ProviderSignIn(AppendOnlyModel):
    """A sign-in through the State's identity provider, and how it ended; never a token.

    Beside the membership events in the people audit: a refusal may name no user of ours (an
    unknown person), so it has its own record rather than a MembershipEvent.
    """

    class Outcome(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        FAILED = "failed", _("Failed")
        REFUSED = "refused", _("Refused")
        ENDED = "ended", _("Session ended")

    class Reason(models.TextChoices):
        NONE = "", _("None")
        STATE = "state", _("State does not match")
        NONCE = "nonce", _("Nonce does not match")
        AUDIENCE = "audience", _("ID token for another client")
        EXPIRED = "expired", _("ID token expired")
        INVALID_TOKEN = "invalid_token", _("ID token not valid")
        PROVIDER_ERROR = "provider_error", _("The provider answered with an error")
        UNREACHABLE = "unreachable", _("The provider could not be reached")
        UNVERIFIED_EMAIL = "unverified_email", _("E-mail address not verified")
        UNKNOWN_PERSON = "unknown_person", _("Nobody with this e-mail address")
        INACTIVE_USER = "inactive_user", _("Account deactivated in the registry")
        REFRESH_REFUSED = "refresh_refused", _("The provider no longer accepts this person")
        SESSION_AGE = "session_age", _("Session too old")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_sign_ins",
        verbose_name=_("user"),
    )
    email = models.CharField(_("e-mail address given"), max_length=254, blank=True)
    subject = models.CharField(_("subject at the provider"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True, default=Reason.NONE
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    two_factor = models.BooleanField(_("second factor at the provider"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in through the identity provider")
        verbose_name_plural = _("sign-ins through the identity provider")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_outcome_display()} {self.email}"
