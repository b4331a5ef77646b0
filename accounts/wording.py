"""What staff read for what this app keeps as codes (issue 34, requirement 5): a central role
(a group's name), a ministry role, a person's field, and the words of the libraries this app
brings in (the second factor) where they keep English."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, MembershipEvent, User
from accounts.roles import CENTRAL_ADMINS, REVIEWERS

CENTRAL_ROLES = {REVIEWERS: _("Reviewer"), CENTRAL_ADMINS: _("Central administrator")}


def central_role(group_name: str) -> str:
    return str(CENTRAL_ROLES.get(group_name, group_name))


def _role(value: str) -> str:
    """ "ministry_admin (Agence X)" -> "Ministry administrator (Agence X)"."""
    code, sep, agency = value.partition(" (")
    if code not in Membership.Role.values:
        return value
    return str(Membership.Role(code).label) + (f" ({agency}" if sep else "")


def _person_field(value: str) -> str:
    """ "full_name: Alice" -> "Full name: Alice"."""
    name, _sep, rest = value.partition(": ")
    try:
        label = capfirst(User._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return value
    return gettext("%(label)s: %(value)s") % {"label": label, "value": rest}


def event_value(event: MembershipEvent, value: str) -> str:
    """A MembershipEvent's stored before/after value, in words."""
    Action = MembershipEvent.Action
    if not value:
        return ""
    if event.action == Action.GROUP_CHANGED:
        return ", ".join(central_role(name.strip()) for name in value.split(","))
    if event.action == Action.PERSON_CHANGED:
        return _person_field(value)
    if event.action in (Action.INVITED, Action.ADDED, Action.ROLE_CHANGED, Action.REMOVED):
        return _role(value)
    return value


def name_the_second_factor() -> None:
    """django-otp names its authenticator devices and their dates in English only, and its
    fields have no translatable names: give them ours (called once, when the apps are ready)."""
    from django.apps import apps

    try:
        device = apps.get_model("otp_totp", "TOTPDevice")
    except LookupError:
        return
    apps.get_app_config("otp_totp").verbose_name = _("Two-factor sign-in")
    device._meta.verbose_name = _("authenticator app")
    device._meta.verbose_name_plural = _("authenticator apps")
    for name, label in {
        "user": _("user"),
        "name": _("name"),
        "confirmed": _("confirmed"),
        "created_at": _("created"),
        "last_used_at": _("last used"),
    }.items():
        device._meta.get_field(name).verbose_name = label
