"""The transition table: for each move, the statuses it starts from, the status it leads to,
who may make it and what it needs; and "may this person make this move now", asked of it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import is_reviewer
from registry.models import Move, PublicChange, SocialAccount, Status
from registry.permissions import can_edit, is_conflicted

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = Status
P = PublicChange


class Actor(StrEnum):
    MEMBER = "member"  # a member of the entry's ministry who may edit it
    REVIEWER = "reviewer"  # the central unit, never on an entry of its own ministry
    WATCH = "watch"  # the system's watch (registry/watch/): no person, see `watch_apply`


class Audience(StrEnum):
    """Who is told of a move by e-mail (registry.emails reads this column of the table)."""

    MINISTRY = "ministry"  # the entry's ministry: its members and the team's functional mailbox
    CENTRAL_UNIT = "central_unit"  # the reviewer assigned, if any may decide; else the unit
    OTHER_SIDE = "other_side"  # the central unit if the ministry made the move, else the ministry


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: Status | None  # None: the status stays (an assignment, a confirmation)
    actors: frozenset
    needs_reason: bool = False
    needs_message: bool = False
    checklist: str = ""  # "reviewer" or "ministry": whose checklist answers it takes
    needs_assignee: bool = False  # the deciding reviewer must have the entry assigned
    when: Callable[[SocialAccount], StrOrPromise | None] | None = (
        None  # extra condition: None or why not
    )
    # What citizens see change (registry.public_changes); None: nothing public changes.
    public: PublicChange | None = None
    tells: frozenset = frozenset()  # who hears of it (Audience)
    # A message only: the entry itself is not changed (its version stays, so nobody's open
    # form of it goes stale).
    words_only: bool = False


def recertification_horizon(today: datetime.date | None = None) -> datetime.date:
    """The latest review due date whose re-certification is open on `today`: the window opens
    with the earliest reminder (settings.REMINDER_DAYS_BEFORE)."""
    lead = datetime.timedelta(days=max(settings.REMINDER_DAYS_BEFORE))
    return (today or timezone.localdate()) + lead


def recertification_open(entry: SocialAccount) -> bool:
    """Whether the ministry is asked to confirm the entry now (and has not yet)."""
    return (
        entry.status == Status.VERIFIED
        and not entry.confirmation_submitted_at
        and entry.next_review_due is not None
        and entry.next_review_due <= recertification_horizon()
    )


def _confirmation_due(entry: SocialAccount) -> StrOrPromise | None:
    if entry.confirmation_submitted_at:
        return gettext_lazy(
            "The ministry has already confirmed this entry; the central unit will review it."
        )
    if not recertification_open(entry):
        return gettext_lazy("This entry is not due for re-certification yet.")
    return None


def _confirmation_sent(entry: SocialAccount) -> StrOrPromise | None:
    if not entry.confirmation_submitted_at:
        return gettext_lazy("The ministry has not confirmed this entry yet.")
    return None


def _contact_changed(entry: SocialAccount) -> StrOrPromise | None:
    if not entry.contact_changed_at:
        return gettext_lazy("Nothing has changed since the last review.")
    return None


def _someone_assigned(entry: SocialAccount) -> StrOrPromise | None:
    if not entry.assigned_reviewer_id:
        return gettext_lazy("Nobody is assigned to this entry.")
    return None


def _fs(*items: object) -> frozenset:
    return frozenset(items)


M, R = Actor.MEMBER, Actor.REVIEWER
TO_MINISTRY, TO_UNIT = frozenset({Audience.MINISTRY}), frozenset({Audience.CENTRAL_UNIT})
TRANSITIONS: dict[Move, Transition] = {
    Move.SUBMIT: Transition(
        _fs(S.DRAFT, S.CHANGES_REQUESTED),
        S.SUBMITTED,
        _fs(M),
        checklist="ministry",
        tells=TO_UNIT,
    ),
    Move.WITHDRAW: Transition(_fs(S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED), S.WITHDRAWN, _fs(M)),
    Move.ASSIGN: Transition(_fs(S.SUBMITTED, S.VERIFIED, S.SUSPENDED), None, _fs(R)),
    Move.UNASSIGN: Transition(
        _fs(S.SUBMITTED, S.VERIFIED, S.SUSPENDED), None, _fs(R), when=_someone_assigned
    ),
    Move.REQUEST_CHANGES: Transition(
        _fs(S.SUBMITTED),
        S.CHANGES_REQUESTED,
        _fs(R),
        needs_reason=True,
        needs_message=True,
        checklist="reviewer",
        needs_assignee=True,
        tells=TO_MINISTRY,
    ),
    Move.VERIFY: Transition(
        _fs(S.SUBMITTED),
        S.VERIFIED,
        _fs(R),
        checklist="reviewer",
        needs_assignee=True,
        public=P.VERIFIED,
        tells=TO_MINISTRY,
    ),
    Move.REJECT: Transition(
        _fs(S.SUBMITTED),
        S.REJECTED,
        _fs(R),
        needs_reason=True,
        needs_message=True,
        checklist="reviewer",
        needs_assignee=True,
        tells=TO_MINISTRY,
    ),
    Move.SUSPEND: Transition(
        _fs(S.VERIFIED),
        S.SUSPENDED,
        _fs(R),
        needs_reason=True,
        needs_message=True,
        public=P.SUSPENDED,
        tells=TO_MINISTRY,
    ),
    Move.REINSTATE: Transition(
        _fs(S.SUSPENDED), S.VERIFIED, _fs(R), public=P.REINSTATED, tells=TO_MINISTRY
    ),
    Move.CLOSE: Transition(
        _fs(S.VERIFIED, S.SUSPENDED),
        S.CLOSED,
        _fs(M, R),
        needs_message=True,
        public=P.CLOSED,
        tells=frozenset({Audience.OTHER_SIDE}),
    ),
    Move.REOPEN: Transition(
        _fs(S.CLOSED), S.SUBMITTED, _fs(M), needs_message=True, public=P.REOPENED, tells=TO_UNIT
    ),
    Move.CONFIRM: Transition(
        _fs(S.VERIFIED), None, _fs(M), checklist="ministry", when=_confirmation_due, tells=TO_UNIT
    ),
    Move.RECERTIFY: Transition(
        _fs(S.VERIFIED),
        None,
        _fs(R),
        when=_confirmation_sent,
        public=P.UPDATED,
        tells=TO_MINISTRY,
    ),
    Move.ACKNOWLEDGE: Transition(_fs(S.VERIFIED, S.SUSPENDED), None, _fs(R), when=_contact_changed),
    # The watch: a takeover suspends at once; the central unit accepts a rename or files a finding.
    # The watch's own e-mails (registry.emails: the urgent takeover to the central unit, the
    # ministry's notices) tell of what it finds; its move adds none.
    Move.WATCH_SUSPEND: Transition(
        _fs(S.VERIFIED), S.SUSPENDED, _fs(Actor.WATCH), needs_message=True, public=P.TAKEOVER
    ),
    Move.ACCEPT_HANDLE: Transition(
        _fs(S.VERIFIED, S.SUSPENDED),
        None,
        _fs(R),
        when=lambda e: _new_handle_refusal(e),
        public=P.HANDLE_ACCEPTED,
    ),
    Move.WATCH_HANDLED: Transition(
        _fs(S.VERIFIED, S.SUSPENDED, S.CLOSED),
        None,
        _fs(R),
        when=lambda e: _no_finding(e),
        public=P.RESTORED,
    ),
    # A ministry may always write to the central unit about its entry, and the central unit
    # answer, whatever the entry's status (a suspended entry's ministry above all).
    # The conversation: a ministry writes to the central unit at any time, which answers.
    Move.WRITE: Transition(
        _fs(*S), None, _fs(M), needs_message=True, words_only=True, tells=TO_UNIT
    ),
    Move.ANSWER: Transition(
        _fs(*S), None, _fs(R), needs_message=True, words_only=True, tells=TO_MINISTRY
    ),
}


def _watch_state(entry: SocialAccount) -> Any:
    from registry.models import WatchState

    return WatchState.objects.filter(entry=entry).first()


def _no_finding(entry: SocialAccount) -> StrOrPromise | None:
    state = _watch_state(entry)
    if state is None or not state.finding:
        return gettext_lazy("The watch has found nothing to handle on this entry.")
    return None


def _new_handle_refusal(entry: SocialAccount) -> StrOrPromise | None:
    state = _watch_state(entry)
    if state is None or not state.pending_handle:
        return gettext_lazy("The watch has found no new handle for this entry.")
    taken = (
        SocialAccount.objects.live()
        .filter(platform=entry.platform, handle=state.pending_handle)
        .exclude(pk=entry.pk)
    )
    if taken.exists():
        return gettext_lazy("Another entry of the register already holds the new handle.")
    return None


def actor_roles(entry: SocialAccount, user: User) -> set[Actor]:
    """The roles in which `user` may act on `entry` (none, member, reviewer or both)."""
    roles = set()
    if can_edit(user, entry):
        roles.add(Actor.MEMBER)
    if is_reviewer(user) and not is_conflicted(user, entry):
        roles.add(Actor.REVIEWER)
    return roles


def refusal(entry: SocialAccount, move: Move, user: User) -> StrOrPromise | None:
    """None when `user` may make `move` on `entry` now; otherwise why not, in plain words."""
    rule = TRANSITIONS[move]
    if entry.status not in rule.sources:
        return _("This cannot be done to an entry whose status is “%(status)s”.") % {
            "status": entry.get_status_display()
        }
    if not actor_roles(entry, user) & rule.actors:
        if Actor.REVIEWER in rule.actors and is_reviewer(user) and is_conflicted(user, entry):
            return _(
                "You are a member of this entry's ministry: another reviewer must decide "
                "(conflict of interest)."
            )
        return _("You are not allowed to do this on this entry.")
    if rule.needs_assignee and entry.assigned_reviewer_id != user.pk:
        return _("Assign this entry to yourself before deciding.")
    if rule.when is not None and (why := rule.when(entry)):
        return str(why)
    return None


def can(user: User, entry: SocialAccount, move: Move) -> bool:
    return refusal(entry, move, user) is None


def allowed_moves(entry: SocialAccount, user: User) -> list[Move]:
    return [move for move in TRANSITIONS if can(user, entry, move)]
