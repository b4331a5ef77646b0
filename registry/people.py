"""A person's data in the registry, as the GDPR asks of it: everything held about one person
(`export_person`, for an access request), and the anonymisation of a departed person's account
(`anonymise_person`) that keeps the history whole: every decision, event and message keeps its
row and its actor, now named "Former staff member N". Used by the central admin's commands
(`export_person`, `anonymise_person`) and by the retention job (registry.retention)."""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, MembershipEvent, ProviderSignIn, User
from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from outbox.models import OutgoingEmail
from registry.models import Report, ReviewEvent, SocialAccount

ANONYMOUS_DOMAIN = "anonymised.invalid"  # RFC 2606: never a real mailbox


def is_anonymised(user: User) -> bool:
    return user.email.endswith("@" + ANONYMOUS_DOMAIN)


def departed_people(*, ended_before: datetime.datetime):
    """People with no role left (no membership, no central group, not a superuser) whose last
    role ended before `ended_before` (the membership events say when), not yet anonymised."""
    ended = Q(
        membership_events__action__in=[
            MembershipEvent.Action.REMOVED,
            MembershipEvent.Action.GROUP_CHANGED,
        ]
    )
    return (
        User.objects.filter(is_superuser=False, memberships__isnull=True)
        .exclude(groups__name__in=[REVIEWERS, CENTRAL_ADMINS])
        .exclude(email__endswith="@" + ANONYMOUS_DOMAIN)
        .annotate(role_ended_at=Max("membership_events__created_at", filter=ended))
        .filter(role_ended_at__lt=ended_before)
    )


@transaction.atomic
def anonymise_person(user: User) -> User:
    """Names replaced, decisions kept: the account can no longer sign in, holds no name, address
    or second factor; its history rows stay and point to it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    former_email = user.email
    user.full_name = f"Former staff member {user.pk}"
    user.email = f"former-{user.pk}@{ANONYMOUS_DOMAIN}"
    user.is_active = user.is_staff = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    Membership.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(recipient__iexact=former_email).update(recipient="", body="")
    return user


def export_person(user: User) -> dict:
    """Everything the registry holds about `user`, as JSON-ready data (an access request)."""
    email, mine = user.email, Q(user=user) | Q(actor=user)
    return {
        "exported_at": _when(timezone.now()),
        "person": {
            "id": user.pk, "email": email, "full_name": user.full_name,
            "language": user.language, "active": user.is_active, "staff": user.is_staff,
            "date_joined": _when(user.date_joined), "last_login": _when(user.last_login),
            "groups": sorted(Group.objects.filter(user=user).values_list("name", flat=True)),
        },
        "memberships": _rows(Membership.objects.filter(user=user),
                             "ministry__slug", "agency__name", "role", "created_at"),
        "membership_events": _rows(MembershipEvent.objects.filter(mine), "action",
                                   "ministry__slug", "old_value", "new_value", "created_at",
                                   "user_id", "actor_id"),
        "decisions": _rows(ReviewEvent.objects.filter(actor=user),
                           "entry_id", "move", "reason", "message", "created_at"),
        "entries_created": _rows(SocialAccount.objects.filter(created_by=user), "id"),
        "sign_ins": _rows(ProviderSignIn.objects.filter(Q(user=user) | Q(email__iexact=email)),
                          "outcome", "reason", "created_at", "two_factor"),
        "reports_handled": _rows(Report.objects.filter(handled_by=user), "id", "handled_at"),
        "reports_made": _rows(Report.objects.filter(reporter_email__iexact=email),
                              "url", "note", "status", "created_at"),
        "second_factor_devices": TOTPDevice.objects.filter(user=user).count(),
        "emails": _rows(OutgoingEmail.objects.filter(recipient__iexact=email),
                        "subject", "status", "created_at", "sent_at"),
    }  # fmt: skip


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _rows(queryset, *fields: str) -> list[dict]:
    return [
        {name: _when(value) if isinstance(value, datetime.datetime) else value
         for name, value in row.items()}
        for row in queryset.values(*fields)
    ]  # fmt: skip
