"""Membership changes made by a ministry admin: invitations, role changes, removals.

Every change writes a MembershipEvent (who, whose, which ministry, before and after). An
invitation is a one-time link to choose a password, made with Django's token machinery: it
expires after PASSWORD_RESET_TIMEOUT (7 days) and stops working once the password is set.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.identity import normalise_email
from accounts.models import Membership, MembershipEvent, Ministry, User
from accounts.text import render_subject
from outbox.tasks import queue_email

Action = MembershipEvent.Action


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    # Its own salt: a password-reset token is not an invitation token, and the other way round.
    key_salt = "accounts.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


class MembershipError(ValueError):
    """A membership change that may not be made; str(exc) says why."""


@transaction.atomic
def invite_member(
    *, by: User, ministry, email: str, full_name: str, role: str, agency=None
) -> Membership:
    """Add a person to a ministry; a person without an account gets a link to choose a password."""
    _lock_ministry(ministry)
    user, is_new = _person(email, full_name=full_name, language=ministry.language)
    if Membership.objects.filter(user=user, ministry=ministry).exists():
        raise MembershipError(_("This person is already a member of this ministry."))
    membership = Membership.objects.create(user=user, ministry=ministry, role=role, agency=agency)
    event = MembershipEvent.objects.create(
        actor=by,
        user=user,
        ministry=ministry,
        new_value=role,
        action=Action.INVITED if is_new else Action.ADDED,
    )
    # Queued in this transaction: sent by the job queue if and only if the invitation commits.
    send_invitation(user, ministry, by=by, with_link=is_new, key=f"membership:{event.pk}")
    return membership


def _person(email: str, *, full_name: str, language: str) -> tuple[User, bool]:
    """The user with this address (any spelling), made without a password if there is none;
    True when made now. Two invitations of one new address at once make one person."""
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():
            made = User.objects.create_user(
                email=email, password=None, full_name=full_name, language=language
            )
    except IntegrityError:  # the other invitation made them first
        return User.objects.get(email=email), False
    return made, True


def _lock_ministry(ministry) -> None:
    """Membership rules count a ministry's members ("at least one administrator"): whoever
    changes them holds the ministry's row until commit, so two changes cannot both pass."""
    Ministry.objects.select_for_update().filter(pk=getattr(ministry, "pk", ministry)).first()


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    with translation.override(user.language):
        path = reverse("workspace:invitation", args=[uid, token])
    return settings.SITE_URL + path


def send_invitation(user: User, ministry, *, by: User, with_link: bool, key: str) -> None:
    """Queue the invitation e-mail in the outbox; `key` names the membership change it is for."""
    context = {
        "user": user,
        "ministry": ministry,
        "by": by,
        "link": invitation_link(user) if with_link else "",
        "sign_in": settings.SITE_URL + reverse("accounts:login"),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    with translation.override(user.language):
        subject = render_subject("emails/invitation_subject.txt", context)
        body = render_to_string("emails/invitation_body.txt", context)
    queue_email(
        key=f"{key}:invitation:{user.email}",
        to=user.email,
        subject=subject,
        body=body,
        language=user.language,
    )


def _check_keeps_an_admin(membership: Membership) -> None:
    if membership.role != Membership.Role.MINISTRY_ADMIN:
        return
    others = (
        Membership.objects.admins()
        .filter(ministry=membership.ministry_id)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise MembershipError(
            _("A ministry keeps at least one administrator: name another one first.")
        )


@transaction.atomic
def change_role(*, by: User, membership: Membership, role: str) -> Membership:
    _lock_ministry(membership.ministry_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role == membership.role:
        return membership
    if role == Membership.Role.MINISTRY_ADMIN and membership.agency_id:
        raise MembershipError(_("An agency's staff member cannot be a ministry administrator."))
    _check_keeps_an_admin(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    MembershipEvent.objects.create(
        actor=by,
        user=membership.user,
        ministry=membership.ministry,
        action=Action.ROLE_CHANGED,
        old_value=old,
        new_value=role,
    )
    return membership


@transaction.atomic
def remove_member(*, by: User, membership: Membership) -> None:
    """Delete the membership only: the person and everything they did stay on record."""
    _lock_ministry(membership.ministry_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_keeps_an_admin(membership)
    MembershipEvent.objects.create(
        actor=by,
        user=membership.user,
        ministry=membership.ministry,
        action=Action.REMOVED,
        old_value=membership.role,
    )
    membership.delete()
