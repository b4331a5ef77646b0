"""What each move does to the entry besides its status: one small, typed function per move."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import User
from registry.models import Move, SocialAccount


@dataclass(frozen=True)
class Made:
    """What a move carries besides its status, for the move's effect on the entry."""

    at: datetime.datetime
    message: str
    assignee: User | None
    self_assessment: dict[str, dict]
    notices: dict[str, str] = field(default_factory=dict)  # the notice in each language
    # The closer asked that their reason be shown on the public page (the close form's box).
    public_message: bool = False


def _next_due(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now) + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def _on_submit(entry: SocialAccount, made: Made) -> None:
    entry.submitted_at = made.at
    entry.self_assessment = made.self_assessment


def _on_reopen(entry: SocialAccount, made: Made) -> None:
    entry.submitted_at = made.at
    entry.closed_at = None


def _on_verify(entry: SocialAccount, made: Made) -> None:
    entry.verified_at = entry.last_confirmed_at = made.at
    entry.next_review_due = _next_due(made.at)
    entry.contact_changed_at = entry.confirmation_submitted_at = None
    entry.public_notice, entry.public_notices = "", {}
    entry.assigned_reviewer = None  # done: later work on it (a change, a re-certification) is new


def _nobody_assigned(entry: SocialAccount, made: Made) -> None:
    entry.assigned_reviewer = None


def _on_suspend(entry: SocialAccount, made: Made) -> None:
    written_in = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    entry.public_notice = made.message
    entry.public_notices = made.notices or ({written_in: made.message} if made.message else {})


def _on_reinstate(entry: SocialAccount, made: Made) -> None:
    entry.public_notice, entry.public_notices = "", {}


def _on_close(entry: SocialAccount, made: Made) -> None:
    entry.closed_at = made.at
    if made.public_message:  # shown on the public page beside the closing date
        entry.public_notice = made.message


def _on_confirm(entry: SocialAccount, made: Made) -> None:
    entry.confirmation_submitted_at = made.at
    entry.self_assessment = made.self_assessment


def _on_recertify(entry: SocialAccount, made: Made) -> None:
    entry.last_confirmed_at = made.at
    entry.next_review_due = _next_due(made.at)
    entry.confirmation_submitted_at = None


def _on_acknowledge(entry: SocialAccount, made: Made) -> None:
    entry.contact_changed_at = None


def _on_assign(entry: SocialAccount, made: Made) -> None:
    entry.assigned_reviewer = made.assignee


def _watch_state(entry: SocialAccount) -> Any:
    from registry.models import WatchState

    return WatchState.objects.get(entry=entry)


def _on_accept_handle(entry: SocialAccount, made: Made) -> None:
    from registry.links import parse_account_url
    from registry.links.platforms import TABLE

    state = _watch_state(entry)
    entry.handle = state.pending_handle
    entry.url = TABLE[entry.platform].url(entry.handle)
    parse_account_url(entry.url)  # the new key must be one the parser would give
    state.pending_handle = state.finding = ""
    state.finding_since = state.handle_lost_at = None
    state.save()


def _on_watch_handled(entry: SocialAccount, made: Made) -> None:
    from registry.watch.findings import clear_finding

    state = _watch_state(entry)
    clear_finding(state)  # the public answer follows (the table's `public=`)
    state.save()


# What each move does to the entry besides its status (a move absent here changes only that).
EFFECTS: dict[Move, Callable[[SocialAccount, Made], None]] = {
    Move.SUBMIT: _on_submit,
    Move.REOPEN: _on_reopen,
    Move.VERIFY: _on_verify,
    Move.REJECT: _nobody_assigned,
    Move.SUSPEND: _on_suspend,
    Move.REINSTATE: _on_reinstate,
    Move.CLOSE: _on_close,
    Move.CONFIRM: _on_confirm,
    Move.RECERTIFY: _on_recertify,
    Move.ACKNOWLEDGE: _on_acknowledge,
    Move.ASSIGN: _on_assign,
    Move.UNASSIGN: _nobody_assigned,
    Move.WATCH_SUSPEND: _on_suspend,
    Move.ACCEPT_HANDLE: _on_accept_handle,
    Move.WATCH_HANDLED: _on_watch_handled,
}
