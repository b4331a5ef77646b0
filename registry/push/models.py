import base64
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy


def _(text: str):
    """Push's labels carry their own context, so they never clash with the register's."""
    return pgettext_lazy("push", text)


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class Subscriber(models.Model):
    """Who receives the public changes: a webhook endpoint a central admin registered, or a
    WebSub subscription (a callback and the feed it asked for, with a lease)."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", _("Webhook endpoint")
        WEBSUB = "websub", _("WebSub subscription")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the subscriber's confirmation")
        ACTIVE = "active", _("Active")
        FAILING = "failing", _("Failing: deliveries paused")
        ENDED = "ended", _("Ended")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("organisation"), max_length=200)
    url = models.URLField(_("address"), max_length=2000)
    topic = models.CharField(_("topic (WebSub)"), max_length=500, blank=True)
    secret = models.CharField(_("secret"), max_length=200, blank=True)
    previous_secret = models.CharField(_("previous secret"), max_length=200, blank=True)
    previous_secret_until = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True
    )
    events = models.JSONField(
        _("events"), default=list, blank=True, help_text=_("None chosen: every public change.")
    )
    ministries = models.ManyToManyField(
        "accounts.Ministry",
        verbose_name=_("ministries"),
        blank=True,
        help_text=_("None chosen: every ministry."),
    )
    owner_email = models.EmailField(_("owner's e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    # Kept by push.deliveries and push.tasks: deliveries waiting, a drain asked for, a drain
    # running (until this time: a crashed drain's claim expires by itself).
    queued = models.PositiveIntegerField(_("deliveries waiting"), default=0)
    wake_requested = models.BooleanField(default=False, editable=False)
    draining_until = models.DateTimeField(null=True, blank=True, editable=False)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "url"],
                condition=models.Q(kind="websub"),
                name="push_one_websub_subscription_per_topic_and_callback",
            )
        ]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


class Change(models.Model):
    """One public change as pushed: the versioned payload, written in the change's transaction.
    Its id orders the changes (a subscriber receives them in this order)."""

    entry = models.ForeignKey(
        "registry.SocialAccount", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("change"), max_length=30)
    ministry_id = models.IntegerField(null=True)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("committed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"


class Delivery(models.Model):
    """One change to one subscriber: pending until delivered, or failed after its last try
    (dead-lettered: a central admin may replay it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_answer = models.TextField(_("last answer"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-change_id"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "change"], name="push_one_delivery")
        ]
        indexes = [
            models.Index(fields=["subscriber", "status", "change"], name="push_delivery_queue")
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.change} → {self.subscriber}"


class Label(models.Model):
    """One atproto label the registry issued (com.atproto.label.defs#label), signed, append-only:
    a state that ends is a new label with `neg` set. Its id is the `seq` of subscribeLabels."""

    src = models.CharField(_("labeler"), max_length=200)
    uri = models.CharField(_("subject"), max_length=500, db_index=True)
    val = models.CharField(_("value"), max_length=128)
    neg = models.BooleanField(_("negation"), default=False)
    cts = models.CharField(_("created"), max_length=40)
    sig = models.BinaryField(_("signature"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self) -> str:
        return f"{'-' if self.neg else ''}{self.val} {self.uri}"
