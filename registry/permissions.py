"""Every access rule on entries, as small named functions, and the one scoped fetch.

Who may use a view at all is declared on the view (accounts.access); which entries a person
may see or change is decided here. A member never sees another ministry's entry: fetching one
answers 404 (it does not exist for you), not 403.
"""

from django.http import Http404

from accounts.models import Membership, User
from accounts.roles import is_central_admin, is_reviewer, memberships_of
from registry.models import SocialAccount, SocialAccountQuerySet
from registry.models.scope import conflicted, covers

__all__ = [
    "can_edit",
    "can_manage_members",
    "entries_for",
    "get_entry_for_member",
    "is_central_admin",
    "is_conflicted",
    "is_reviewer",
    "member_ministry_ids",
]


def member_ministry_ids(user: User) -> set[int]:
    return {m.ministry_id for m in memberships_of(user)}


def entries_for(user: User) -> SocialAccountQuerySet:
    """The one selector of the workspace: the entries of the user's ministries (and agency)."""
    return SocialAccount.objects.for_member(user)


def can_edit(user: User, entry: SocialAccount) -> bool:
    """A member of the entry's ministry; an agency's staff only for their agency's entries
    (registry.models.scope: the same rule as `entries_for`)."""
    ministry_id = entry.service.ministry_id
    return any(covers(m, ministry_id, entry.agency_id) for m in memberships_of(user))


def is_conflicted(user: User, entry: SocialAccount) -> bool:
    """A reviewer who belongs to the entry's ministry may not decide on it."""
    return conflicted(memberships_of(user), entry.service.ministry_id)


def can_manage_members(user: User, ministry_id: int) -> bool:
    return any(
        m.ministry_id == ministry_id
        and m.role == Membership.Role.MINISTRY_ADMIN
        and not m.agency_id
        for m in memberships_of(user)
    )


def get_entry_for_member(user: User, pk: object) -> SocialAccount:
    """The entry if the user's ministries hold it; 404 otherwise, whatever exists elsewhere."""
    try:
        entry: SocialAccount = entries_for(user).with_related().get(pk=int(str(pk)))
        return entry
    except (SocialAccount.DoesNotExist, TypeError, ValueError):
        raise Http404("No such entry in your ministries.") from None
