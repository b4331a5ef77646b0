"""Who may see and change which entry, and who may not decide on it: each rule once, in the
forms its callers need (a predicate on one entry, a condition on entries, a condition on the
people who hold memberships), side by side so that they cannot drift apart
(tests/test_access_scope.py proves that each form gives the same answers).

- Cover: a membership covers the entries of its ministry; an agency's staff membership only the
  entries that agency manages. A person may see and change the entries their memberships cover
  (the workspace, the e-mails to the ministry, the workflow's "member").
- Conflict: a person who belongs to an entry's ministry may not review it (the central unit's
  "conflict of interest"): whatever their role there.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q


def covers(membership: Any, ministry_id: int, agency_id: int | None) -> bool:
    """Whether `membership` covers an entry of `ministry_id` managed by `agency_id`."""
    return membership.ministry_id == ministry_id and (
        not membership.agency_id or membership.agency_id == agency_id
    )


def entries_covered_by(memberships: Iterable) -> Q:
    """The entries (SocialAccount) that any of `memberships` covers."""
    condition = Q(pk__in=[])
    for membership in memberships:
        rule = Q(service__ministry_id=membership.ministry_id)
        if membership.agency_id:
            rule &= Q(agency_id=membership.agency_id)
        condition |= rule
    return condition


def memberships_covering(ministry_id: int, agency_id: int | None, prefix: str = "") -> Q:
    """The memberships (or, with `prefix="memberships__"`, the people) that cover an entry of
    `ministry_id` managed by `agency_id`. Used in one filter() call, the conditions hold for the
    same membership."""
    agency = Q(**{f"{prefix}agency__isnull": True})
    if agency_id:
        agency |= Q(**{f"{prefix}agency": agency_id})
    return Q(**{f"{prefix}ministry": ministry_id}) & agency


def conflicted(memberships: Iterable, ministry_id: int) -> bool:
    """Whether someone with `memberships` may not review an entry of `ministry_id`."""
    return any(m.ministry_id == ministry_id for m in memberships)


def entries_conflicting(memberships: Iterable) -> Q:
    """The entries someone with `memberships` may not review."""
    return Q(service__ministry_id__in=sorted({m.ministry_id for m in memberships}))


def people_conflicting(ministry_id: int) -> Q:
    """The people (User) who may not review an entry of `ministry_id`."""
    return Q(memberships__ministry=ministry_id)


def agency_of(memberships: Iterable, ministry_id: int) -> int | None:
    """The agency whose staff someone is in `ministry_id` (None: the ministry's own staff, or
    not a member there)."""
    agencies = {m.agency_id for m in memberships if m.ministry_id == ministry_id}
    return None if None in agencies or not agencies else min(agencies)


def only_agency_staff(memberships: Iterable) -> bool:
    """Whether every membership is an agency's staff (their workspace: their agency's entries)."""
    memberships = list(memberships)
    return bool(memberships) and all(m.agency_id for m in memberships)


def agencies_served(memberships: Iterable) -> set | None:
    """The agencies an agency's staff may register entries for; None when any membership is the
    ministry's own (any agency, or none)."""
    agencies = {m.agency_id for m in memberships}
    return None if None in agencies else agencies
