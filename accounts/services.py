"""Writes about people that must leave a trace: each change of a role is a MembershipEvent."""

from collections.abc import Iterable
from contextlib import contextmanager

from accounts.models import Membership, MembershipEvent, User

MAX_VALUE = 100  # MembershipEvent.old_value / new_value


def _joined(names) -> str:
    return ", ".join(sorted(names))[:MAX_VALUE]


def record_group_change(*, user: User, actor: User | None, old: set[str], new: set[str]):
    """A change of central role (reviewers, central admins): one event, or None if none."""
    if set(old) == set(new):
        return None
    return MembershipEvent.objects.create(
        actor=actor,
        user=user,
        action=MembershipEvent.Action.GROUP_CHANGED,
        old_value=_joined(old),
        new_value=_joined(new),
    )


def membership_roles(user: User) -> dict[int, str]:
    """The user's memberships as {ministry id: role}, agency noted: what an audit compares."""
    return {
        m.ministry_id: m.role + (f" ({m.agency})" if m.agency_id else "")
        for m in Membership.objects.filter(user=user).select_related("agency")
    }


def record_membership_changes(
    *, user: User, actor: User | None, old: dict[int, str], new: dict[int, str]
) -> list[MembershipEvent]:
    """One event per ministry whose membership was added, changed or removed."""
    Action = MembershipEvent.Action
    events = []
    for ministry_id in sorted(old.keys() | new.keys()):
        before, after = old.get(ministry_id, ""), new.get(ministry_id, "")
        if before == after:
            continue
        action = (
            Action.ADDED if not before else Action.REMOVED if not after else Action.ROLE_CHANGED
        )
        events.append(
            MembershipEvent(
                actor=actor, user=user, ministry_id=ministry_id, action=action,
                old_value=before[:MAX_VALUE], new_value=after[:MAX_VALUE],
            )
        )  # fmt: skip
    return MembershipEvent.objects.bulk_create(events)


@contextmanager
def membership_audit(users: Iterable[User], *, actor: User | None):
    """Record what the block changes in these people's memberships (run it inside a transaction)."""
    people = {user.pk: user for user in users}
    before = {pk: membership_roles(user) for pk, user in people.items()}
    yield
    for pk, user in people.items():
        record_membership_changes(
            user=user, actor=actor, old=before[pk], new=membership_roles(user)
        )


def record_person_changes(
    *, user: User, actor: User | None, changes: dict[str, tuple[str, str]]
) -> list[MembershipEvent]:
    """One event per field of the person changed in the admin ("email: old" → "email: new")."""
    return MembershipEvent.objects.bulk_create(
        MembershipEvent(
            actor=actor, user=user, action=MembershipEvent.Action.PERSON_CHANGED,
            old_value=f"{field}: {old}"[:MAX_VALUE], new_value=f"{field}: {new}"[:MAX_VALUE],
        )
        for field, (old, new) in sorted(changes.items())
    )  # fmt: skip


def record_password_set(*, user: User, actor: User | None) -> MembershipEvent:
    """Someone else set this person's password (never the password itself)."""
    return MembershipEvent.objects.create(
        actor=actor, user=user, action=MembershipEvent.Action.PASSWORD_SET
    )


def record_second_factor(*, user: User, actor: User | None, removed: bool) -> MembershipEvent:
    """Someone else removed or set this person's second factor (a TOTP device; never its key)."""
    action = MembershipEvent.Action.FACTOR_REMOVED if removed else MembershipEvent.Action.FACTOR_SET
    return MembershipEvent.objects.create(actor=actor, user=user, action=action)


def record_account_created(*, user: User, actor: User | None) -> MembershipEvent:
    return MembershipEvent.objects.create(
        actor=actor, user=user, action=MembershipEvent.Action.ACCOUNT_CREATED, new_value=user.email
    )
