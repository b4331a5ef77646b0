"""The review workflow: the ONLY place that says which move is legal, and the only writer of status.

`TRANSITIONS` is the table: for each move, the statuses it starts from, the status it leads to,
who may make it, and what it needs. `allowed_moves()` and `can()` answer "may X do this" from the
same table, so views, admin, API and commands never restate a rule. Every move locks the row,
checks the table, the actor and the version the actor saw, writes one ReviewEvent in the same
transaction, and sends its e-mails only after the transaction commits.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_reviewer
from registry import cache, emails
from registry.checklists import validate_answers
from registry.errors import StaleEntry, WorkflowError
from registry.models import Move, Reason, ReviewEvent, SocialAccount, Status
from registry.permissions import can_edit, is_conflicted

S = Status


class Actor(StrEnum):
    MEMBER = "member"  # a member of the entry's ministry who may edit it
    REVIEWER = "reviewer"  # the central unit, never on an entry of its own ministry
    WATCH = "watch"  # the system's watch (registry/watch/): no person, see `watch_apply`


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: Status | None  # None: the status stays (an assignment, a confirmation)
    actors: frozenset
    needs_reason: bool = False
    needs_message: bool = False
    checklist: str = ""  # "reviewer" or "ministry": whose checklist answers it takes
    needs_assignee: bool = False  # the deciding reviewer must have the entry assigned
    when: Callable[[SocialAccount], str | None] | None = None  # extra condition: None or why not


def _confirmation_due(entry: SocialAccount) -> str | None:
    if entry.confirmation_submitted_at:
        return gettext_lazy(
            "The ministry has already confirmed this entry; the central unit will review it."
        )
    lead = max(settings.REMINDER_DAYS_BEFORE)
    if (
        not entry.next_review_due
        or entry.next_review_due > timezone.localdate() + datetime.timedelta(days=lead)
    ):
        return gettext_lazy("This entry is not due for re-certification yet.")
    return None


def _confirmation_sent(entry: SocialAccount) -> str | None:
    if not entry.confirmation_submitted_at:
        return gettext_lazy("The ministry has not confirmed this entry yet.")
    return None


def _contact_changed(entry: SocialAccount) -> str | None:
    if not entry.contact_changed_at:
        return gettext_lazy("Nothing has changed since the last review.")
    return None


def _someone_assigned(entry: SocialAccount) -> str | None:
    if not entry.assigned_reviewer_id:
        return gettext_lazy("Nobody is assigned to this entry.")
    return None


def _fs(*items) -> frozenset:
    return frozenset(items)


M, R = Actor.MEMBER, Actor.REVIEWER
TRANSITIONS: dict[Move, Transition] = {
    Move.SUBMIT: Transition(
        _fs(S.DRAFT, S.CHANGES_REQUESTED), S.SUBMITTED, _fs(M), checklist="ministry"
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
    ),
    Move.VERIFY: Transition(
        _fs(S.SUBMITTED), S.VERIFIED, _fs(R), checklist="reviewer", needs_assignee=True
    ),
    Move.REJECT: Transition(
        _fs(S.SUBMITTED),
        S.REJECTED,
        _fs(R),
        needs_reason=True,
        needs_message=True,
        checklist="reviewer",
        needs_assignee=True,
    ),
    Move.SUSPEND: Transition(
        _fs(S.VERIFIED), S.SUSPENDED, _fs(R), needs_reason=True, needs_message=True
    ),
    Move.REINSTATE: Transition(_fs(S.SUSPENDED), S.VERIFIED, _fs(R)),
    Move.CLOSE: Transition(_fs(S.VERIFIED, S.SUSPENDED), S.CLOSED, _fs(M, R), needs_message=True),
    Move.REOPEN: Transition(_fs(S.CLOSED), S.SUBMITTED, _fs(M), needs_message=True),
    Move.CONFIRM: Transition(
        _fs(S.VERIFIED), None, _fs(M), checklist="ministry", when=_confirmation_due
    ),
    Move.RECERTIFY: Transition(_fs(S.VERIFIED), None, _fs(R), when=_confirmation_sent),
    Move.ACKNOWLEDGE: Transition(_fs(S.VERIFIED, S.SUSPENDED), None, _fs(R), when=_contact_changed),
    # The watch: a takeover suspends at once; the central unit accepts a rename or files a finding.
    Move.WATCH_SUSPEND: Transition(
        _fs(S.VERIFIED), S.SUSPENDED, _fs(Actor.WATCH), needs_message=True
    ),
    Move.ACCEPT_HANDLE: Transition(
        _fs(S.VERIFIED, S.SUSPENDED), None, _fs(R), when=lambda e: _new_handle_refusal(e)
    ),
    Move.WATCH_HANDLED: Transition(
        _fs(S.VERIFIED, S.SUSPENDED, S.CLOSED), None, _fs(R), when=lambda e: _no_finding(e)
    ),
}

# What each move does to the entry besides its status: one small function per move.
_EFFECTS: dict[Move, Callable[[SocialAccount, dict], None]] = {}


def effect(move: Move):
    def register(fn):
        _EFFECTS[move] = fn
        return fn

    return register


def _next_due(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now) + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


@effect(Move.SUBMIT)
def _on_submit(entry, ctx):
    entry.submitted_at = ctx["now"]
    entry.self_assessment = ctx["answers_by_code"]


@effect(Move.REOPEN)
def _on_reopen(entry, ctx):
    entry.submitted_at = ctx["now"]
    entry.closed_at = None


@effect(Move.VERIFY)
def _on_verify(entry, ctx):
    entry.verified_at = entry.last_confirmed_at = ctx["now"]
    entry.next_review_due = _next_due(ctx["now"])
    entry.contact_changed_at = entry.confirmation_submitted_at = None
    entry.public_notice = ""
    entry.assigned_reviewer = None  # done: later work on it (a change, a re-certification) is new


@effect(Move.REJECT)
def _on_reject(entry, ctx):
    entry.assigned_reviewer = None


@effect(Move.SUSPEND)
def _on_suspend(entry, ctx):
    entry.public_notice = ctx["message"]


@effect(Move.REINSTATE)
def _on_reinstate(entry, ctx):
    entry.public_notice = ""


@effect(Move.CLOSE)
def _on_close(entry, ctx):
    entry.closed_at = ctx["now"]


@effect(Move.CONFIRM)
def _on_confirm(entry, ctx):
    entry.confirmation_submitted_at = ctx["now"]
    entry.self_assessment = ctx["answers_by_code"]


@effect(Move.RECERTIFY)
def _on_recertify(entry, ctx):
    entry.last_confirmed_at = ctx["now"]
    entry.next_review_due = _next_due(ctx["now"])
    entry.confirmation_submitted_at = None


@effect(Move.ACKNOWLEDGE)
def _on_acknowledge(entry, ctx):
    entry.contact_changed_at = None


@effect(Move.ASSIGN)
def _on_assign(entry, ctx):
    entry.assigned_reviewer = ctx["assignee"]


@effect(Move.UNASSIGN)
def _on_unassign(entry, ctx):
    entry.assigned_reviewer = None


def _watch_state(entry: SocialAccount):
    from registry.models import WatchState

    return WatchState.objects.filter(entry=entry).first()


def _no_finding(entry: SocialAccount) -> str | None:
    state = _watch_state(entry)
    if state is None or not state.finding:
        return gettext_lazy("The watch has found nothing to handle on this entry.")
    return None


def _new_handle_refusal(entry: SocialAccount) -> str | None:
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


@effect(Move.WATCH_SUSPEND)
def _on_watch_suspend(entry, ctx):
    entry.public_notice = ctx["message"]


@effect(Move.ACCEPT_HANDLE)
def _on_accept_handle(entry, ctx):
    from registry.links import parse_account_url
    from registry.links.platforms import TABLE

    state = _watch_state(entry)
    entry.handle = state.pending_handle
    entry.url = TABLE[entry.platform].url(entry.handle)
    parse_account_url(entry.url)  # the new key must be one the parser would give
    state.pending_handle = state.finding = ""
    state.finding_since = state.handle_lost_at = None
    state.save()


@effect(Move.WATCH_HANDLED)
def _on_watch_handled(entry, ctx):
    state = _watch_state(entry)
    state.finding, state.finding_since = "", None
    state.save(update_fields=["finding", "finding_since"])


def actor_roles(entry: SocialAccount, user) -> set[Actor]:
    """The roles in which `user` may act on `entry` (none, member, reviewer or both)."""
    roles = set()
    if can_edit(user, entry):
        roles.add(Actor.MEMBER)
    if is_reviewer(user) and not is_conflicted(user, entry):
        roles.add(Actor.REVIEWER)
    return roles


def refusal(entry: SocialAccount, move: Move, user) -> str | None:
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


def can(user, entry: SocialAccount, move: Move) -> bool:
    return refusal(entry, move, user) is None


def allowed_moves(entry: SocialAccount, user) -> list[Move]:
    return [move for move in TRANSITIONS if can(user, entry, move)]


@transaction.atomic
def apply(
    entry: SocialAccount,
    move: Move,
    *,
    by,
    version: int | None,
    reason: Reason | str = "",
    message: str = "",
    checklist: list[dict] | None = None,
    assignee=None,
    at: datetime.datetime | None = None,
) -> ReviewEvent:
    """Make `move` on `entry` as `by`, on the version `by` saw (None only for system jobs).

    `at` is when the move happened, for replaying a known past (the demo's story); people's
    moves happen now."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    check_version(locked, version)
    rule = TRANSITIONS[move]
    why = refusal(locked, move, by)
    if why:
        raise WorkflowError(why)
    reason, message = _check_needs(rule, reason, message)
    answers = (
        validate_answers(checklist or [], who=rule.checklist, move=move) if rule.checklist else []
    )
    if move == Move.ASSIGN:
        assignee = _check_assignee(assignee or by, locked)
    now = at or timezone.now()
    ctx = {
        "now": now,
        "message": message,
        "assignee": assignee,
        "answers_by_code": {a["code"]: {"answer": a["answer"], "note": a["note"]} for a in answers},
    }
    event = _record(
        locked,
        move,
        rule,
        by=by,
        reason=reason,
        message=message,
        checklist=answers,
        assignee=assignee,
        now=now,
    )
    if move in _EFFECTS:
        _EFFECTS[move](locked, ctx)
    _save(locked, rule, now)
    entry.refresh_from_db()
    transaction.on_commit(lambda: emails.send_for_event(event.pk), robust=True)  # mail down: logged
    transaction.on_commit(cache.bump_register_version)
    return event


def check_version(entry: SocialAccount, version: int | None) -> None:
    if version is None or int(version) == entry.version:
        return
    who, when = last_change_by(entry)
    raise StaleEntry(
        _("This entry was changed by %(who)s at %(when)s; reload the page and try again.")
        % {"who": who, "when": timezone.localtime(when).strftime("%d.%m.%Y %H:%M") if when else "?"}
    )


def last_change_by(entry: SocialAccount) -> tuple[str, datetime.datetime | None]:
    """Who made the entry's latest recorded change, and when (for a stale-edit message)."""
    candidates = [
        rec
        for rec in (
            entry.events.select_related("actor").last(),
            entry.changes.select_related("actor").last(),
        )
        if rec is not None
    ]
    if not candidates:
        return _("someone"), entry.updated_at
    latest = max(candidates, key=lambda rec: rec.created_at)
    return (str(latest.actor) if latest.actor else _("the system")), latest.created_at


def _check_needs(rule: Transition, reason, message: str) -> tuple[str, str]:
    message = (message or "").strip()
    if rule.needs_reason and reason not in Reason.values:
        raise WorkflowError(_("Choose a reason."))
    if rule.needs_message and not message:
        raise WorkflowError(_("Write a message: it is kept with the decision."))
    return (reason if rule.needs_reason else ""), message


def _check_assignee(assignee, entry: SocialAccount):
    if not is_reviewer(assignee) or is_conflicted(assignee, entry):
        raise WorkflowError(_("This person cannot review this entry."))
    if assignee.pk == entry.assigned_reviewer_id:
        raise WorkflowError(_("This entry is already assigned to %(who)s.") % {"who": assignee})
    return assignee


def _record(entry, move, rule, *, by, reason, message, checklist, assignee, now) -> ReviewEvent:
    return ReviewEvent.objects.create(
        entry=entry,
        actor=by,
        move=move,
        from_status=entry.status,
        to_status=rule.target or entry.status,
        reason=reason,
        message=message,
        checklist=checklist,
        assignee=assignee if move == Move.ASSIGN else None,
        created_at=now,
    )


def _save(entry: SocialAccount, rule: Transition, now) -> None:
    if rule.target is not None and rule.target != entry.status:
        entry.status = rule.target
        entry.status_changed_at = now
    entry.version += 1
    entry.save()


def record_creation(
    entry: SocialAccount, *, by, move: Move = Move.CREATE, at: datetime.datetime | None = None
) -> ReviewEvent:
    """The first event of an entry (created in the workspace, or imported)."""
    return ReviewEvent.objects.create(
        entry=entry, actor=by, move=move, to_status=entry.status, created_at=at or timezone.now()
    )


# Named moves, for callers that know which one they make. All go through `apply`.
def submit(entry, *, by, version, checklist) -> ReviewEvent:
    return apply(entry, Move.SUBMIT, by=by, version=version, checklist=checklist)


def withdraw(entry, *, by, version, message: str = "") -> ReviewEvent:
    return apply(entry, Move.WITHDRAW, by=by, version=version, message=message)


def assign(entry, *, by, version, assignee=None) -> ReviewEvent:
    return apply(entry, Move.ASSIGN, by=by, version=version, assignee=assignee)


def unassign(entry, *, by, version) -> ReviewEvent:
    return apply(entry, Move.UNASSIGN, by=by, version=version)


def request_changes(entry, *, by, version, reason, message, checklist=None) -> ReviewEvent:
    return apply(
        entry,
        Move.REQUEST_CHANGES,
        by=by,
        version=version,
        reason=reason,
        message=message,
        checklist=checklist,
    )


def verify(entry, *, by, version, checklist, message: str = "") -> ReviewEvent:
    return apply(entry, Move.VERIFY, by=by, version=version, checklist=checklist, message=message)


def reject(entry, *, by, version, reason, message, checklist=None) -> ReviewEvent:
    return apply(
        entry,
        Move.REJECT,
        by=by,
        version=version,
        reason=reason,
        message=message,
        checklist=checklist,
    )


def suspend(entry, *, by, version, reason, message) -> ReviewEvent:
    return apply(entry, Move.SUSPEND, by=by, version=version, reason=reason, message=message)


def reinstate(entry, *, by, version, message: str = "") -> ReviewEvent:
    return apply(entry, Move.REINSTATE, by=by, version=version, message=message)


def close(entry, *, by, version, message) -> ReviewEvent:
    return apply(entry, Move.CLOSE, by=by, version=version, message=message)


def reopen(entry, *, by, version, message) -> ReviewEvent:
    return apply(entry, Move.REOPEN, by=by, version=version, message=message)


def confirm(entry, *, by, version, checklist) -> ReviewEvent:
    return apply(entry, Move.CONFIRM, by=by, version=version, checklist=checklist)


def recertify(entry, *, by, version, message: str = "") -> ReviewEvent:
    return apply(entry, Move.RECERTIFY, by=by, version=version, message=message)


def acknowledge(entry, *, by, version, message: str = "") -> ReviewEvent:
    return apply(entry, Move.ACKNOWLEDGE, by=by, version=version, message=message)


@transaction.atomic
def watch_apply(
    entry: SocialAccount, move: Move, *, message: str, at: datetime.datetime | None = None
) -> ReviewEvent:
    """A move the watch makes by itself (no person): same table, same record, same e-mails."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    rule = TRANSITIONS[move]
    if Actor.WATCH not in rule.actors or locked.status not in rule.sources:
        raise WorkflowError(_("The watch cannot do this on this entry."))
    _reason, message = _check_needs(rule, "", message)
    now = at or timezone.now()
    event = _record(
        locked,
        move,
        rule,
        by=None,
        reason="",
        message=message,
        checklist=[],
        assignee=None,
        now=now,
    )
    if move in _EFFECTS:
        _EFFECTS[move](locked, {"now": now, "message": message})
    _save(locked, rule, now)
    entry.refresh_from_db()
    transaction.on_commit(lambda: emails.send_for_event(event.pk), robust=True)
    transaction.on_commit(cache.bump_register_version)
    return event
