"""The central unit's roles: one declarative mapping from group to permissions.

The groups are (re)created after every `migrate`, so a fresh database and an old one
agree. Permissions are named as strings: this app never imports the register.
"""

from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

REVIEWERS = "reviewers"
CENTRAL_ADMINS = "central_admins"

_REVIEW = [
    "registry.view_socialaccount",
    "registry.view_reviewevent",
    "registry.view_entrychange",
    "registry.view_report",
    "registry.change_report",
    "registry.view_checklistitem",
    "accounts.view_ministry",
    "accounts.view_service",
    "accounts.view_externalagency",
]
_MANAGE = [
    f"accounts.{verb}_{model}"
    for model in ("ministry", "service", "externalagency", "user", "membership")
    for verb in ("view", "add", "change")
] + [
    "accounts.delete_membership",
    "accounts.view_membershipevent",
    "accounts.view_providersignin",
    "registry.add_checklistitem",
    "registry.change_checklistitem",
    # The outbox: read what was sent and could not be, and "retry now".
    "outbox.view_outgoingemail",
    "outbox.change_outgoingemail",
    # Push: webhook endpoints (register, rotate a secret, resume), WebSub subscriptions, and
    # every delivery (read, replay).
    "push.view_subscriber",
    "push.add_subscriber",
    "push.change_subscriber",
    "push.view_delivery",
    "push.change_delivery",
    "push.view_change",
]
# Helping people who lost their phone or locked themselves out: remove a TOTP device (they enrol
# again at their next sign-in) or the failed attempts that lock them out.
_UNLOCK = [
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
]

CENTRAL_GROUPS: dict[str, list[str]] = {
    REVIEWERS: _REVIEW,
    CENTRAL_ADMINS: _REVIEW + _MANAGE + _UNLOCK,
}


def sync_central_groups(**kwargs) -> None:
    """Make each group hold exactly the permissions the mapping gives it."""
    _create_permissions(kwargs.get("using", DEFAULT_DB_ALIAS))
    for name, perms in CENTRAL_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [_permission(p) for p in perms]
        group.permissions.set([p for p in wanted if p is not None])


def _create_permissions(using: str) -> None:
    """Third-party apps migrate after ours: make their permissions now, not at their own turn."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for label in {dotted.split(".")[0] for perms in CENTRAL_GROUPS.values() for dotted in perms}:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:  # an optional app left out of INSTALLED_APPS
            continue
        create_permissions(app_config, verbosity=0, using=using)


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    # None while the other app's tables are not migrated yet; the next post_migrate sets it.
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


_UNSET = object()


def remembered(user, name: str, compute):
    """What `compute()` answers about `user`, kept on the user object: asked once per request
    (each request loads its own user), forgotten with it. The one way roles, access rules and
    permissions remember what they read about a person."""
    attribute = f"_remembered_{name}"
    value = getattr(user, attribute, _UNSET)
    if value is _UNSET:
        value = compute()
        setattr(user, attribute, value)
    return value


def memberships_of(user) -> list:
    """The person's memberships (ministry and role), read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    return remembered(user, "memberships", lambda: list(user.memberships.all()))


def in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    names = remembered(user, "groups", lambda: set(user.groups.values_list("name", flat=True)))
    return name in names


def is_central_admin(user) -> bool:
    return in_group(user, CENTRAL_ADMINS) or bool(getattr(user, "is_superuser", False))


def is_reviewer(user) -> bool:
    """Reviewers review; central admins may too."""
    return in_group(user, REVIEWERS) or is_central_admin(user)
