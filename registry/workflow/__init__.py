"""The review workflow: the ONLY place that says which move is legal, and the only writer of status.

`TRANSITIONS` is the table: for each move, the statuses it starts from, the status it leads to,
who may make it, and what it needs. `allowed_moves()` and `can()` answer "may X do this" from the
same table, so views, admin, API and commands never restate a rule. Every move locks the row,
checks the table, the actor and the version the actor saw, writes one ReviewEvent in the same
transaction, and sends its e-mails only after the transaction commits.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_reviewer
from registry import emails
from registry.errors import StaleEntry, WorkflowError
from registry.exports import bluesky_verifier
from registry.models import Move, Reason, ReviewEvent, SocialAccount
from registry.permissions import is_conflicted
from registry.public_changes import record_public_change
from registry.workflow.checklists import validate_answers
from registry.workflow.effects import EFFECTS, Made
from registry.workflow.table import (
    TRANSITIONS,
    Actor,
    Transition,
    actor_roles,
    allowed_moves,
    can,
    recertification_horizon,
    recertification_open,
    refusal,
)

__all__ = [
    "TRANSITIONS",
    "Actor",
    "StaleEntry",
    "WorkflowError",
    "actor_roles",
    "allowed_moves",
    "apply",
    "can",
    "recertification_horizon",
    "recertification_open",
    "refusal",
]


@transaction.atomic
def apply(
    entry: SocialAccount,
    move: Move,
    *,
    by: User,
    version: int | None,
    reason: Reason | str = "",
    message: str = "",
    checklist: list[dict] | None = None,
    assignee: User | None = None,
    at: datetime.datetime | None = None,
    notices: dict[str, str] | None = None,
    public_message: bool = False,
) -> ReviewEvent:
    """Make `move` on `entry` as `by`, on the version `by` saw (None only for system jobs).

    Returns the event; `event.entry` is the entry as the move left it (`entry`, the caller's
    copy, is not changed). `at` is when the move happened, for replaying a known past (the
    demo's story); people's moves happen now. `notices`: a suspension's public notice in each
    language it was written in (registry/notices.py); else `message`, in the active language.
    `public_message`: a closing's reason is shown on the public page (the closer said so)."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    check_version(locked, version)
    rule = TRANSITIONS[move]
    if why := refusal(locked, move, by):
        raise WorkflowError(str(why))
    reason, message = _check_needs(rule, reason, message)
    answers = (
        validate_answers(checklist or [], who=rule.checklist, move=move) if rule.checklist else []
    )
    made = Made(
        at=at or timezone.now(),
        message=message,
        assignee=_check_assignee(assignee or by, locked) if move == Move.ASSIGN else None,
        self_assessment={a["code"]: {"answer": a["answer"], "note": a["note"]} for a in answers},
        notices=notices or {},
        public_message=public_message,
    )
    event = _record(locked, move, rule, by=by, reason=reason, checklist=answers, made=made)
    return _finish(locked, move, rule, event, made)


def check_version(entry: SocialAccount, version: int | None) -> None:
    if version is None or int(version) == entry.version:
        return
    who, changed_at = last_change_by(entry)
    when = date_format(timezone.localtime(changed_at), "DATETIME_FORMAT") if changed_at else "?"
    raise StaleEntry(
        _("This entry was changed by %(who)s at %(when)s; reload the page and try again.")
        % {"who": who, "when": when}
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


def _check_needs(rule: Transition, reason: Reason | str, message: str) -> tuple[str, str]:
    message = (message or "").strip()
    if rule.needs_reason and reason not in Reason.values:
        raise WorkflowError(_("Choose a reason."))
    if rule.needs_message and not message:
        raise WorkflowError(_("Write a message: it is kept with the decision."))
    return (reason if rule.needs_reason else ""), message


def _check_assignee(assignee: User, entry: SocialAccount) -> User:
    if not is_reviewer(assignee) or is_conflicted(assignee, entry):
        raise WorkflowError(_("This person cannot review this entry."))
    if assignee.pk == entry.assigned_reviewer_id:
        raise WorkflowError(_("This entry is already assigned to %(who)s.") % {"who": assignee})
    return assignee


def _record(
    entry: SocialAccount,
    move: Move,
    rule: Transition,
    *,
    by: User | None,
    reason: str,
    checklist: list[dict],
    made: Made,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        entry=entry,
        actor=by,
        move=move,
        from_status=entry.status,
        to_status=rule.target or entry.status,
        reason=reason,
        message=made.message,
        checklist=checklist,
        assignee=made.assignee,
        created_at=made.at,
    )


def _save(entry: SocialAccount, rule: Transition, now: datetime.datetime) -> None:
    if rule.words_only:
        return
    if rule.target is not None and rule.target != entry.status:
        entry.status = rule.target
        entry.status_changed_at = now
    entry.version += 1
    entry.save()


def record_creation(
    entry: SocialAccount, *, by: User, move: Move = Move.CREATE, at: datetime.datetime | None = None
) -> ReviewEvent:
    """The first event of an entry (created in the workspace, or imported)."""
    return ReviewEvent.objects.create(
        entry=entry, actor=by, move=move, to_status=entry.status, created_at=at or timezone.now()
    )


# Named moves, for callers that know which one they make. All go through `apply`, and each
# returns its event (`event.entry`: the entry as the move left it).
def submit(
    entry: SocialAccount, *, by: User, version: int, checklist: list[dict], message: str = ""
) -> ReviewEvent:
    """`message`: the ministry's answer to the central unit, kept with the submission."""
    return apply(entry, Move.SUBMIT, by=by, version=version, checklist=checklist, message=message)


def withdraw(entry: SocialAccount, *, by: User, version: int, message: str = "") -> ReviewEvent:
    return apply(entry, Move.WITHDRAW, by=by, version=version, message=message)


def assign(
    entry: SocialAccount, *, by: User, version: int, assignee: User | None = None
) -> ReviewEvent:
    return apply(entry, Move.ASSIGN, by=by, version=version, assignee=assignee)


def unassign(entry: SocialAccount, *, by: User, version: int) -> ReviewEvent:
    return apply(entry, Move.UNASSIGN, by=by, version=version)


def request_changes(
    entry: SocialAccount,
    *,
    by: User,
    version: int,
    reason: Reason,
    message: str,
    checklist: list[dict] | None = None,
) -> ReviewEvent:
    return apply(
        entry,
        Move.REQUEST_CHANGES,
        by=by,
        version=version,
        reason=reason,
        message=message,
        checklist=checklist,
    )


def verify(
    entry: SocialAccount, *, by: User, version: int, checklist: list[dict], message: str = ""
) -> ReviewEvent:
    return apply(entry, Move.VERIFY, by=by, version=version, checklist=checklist, message=message)


def suspend(
    entry: SocialAccount, *, by: User, version: int, reason: Reason, message: str
) -> ReviewEvent:
    return apply(entry, Move.SUSPEND, by=by, version=version, reason=reason, message=message)


def reinstate(entry: SocialAccount, *, by: User, version: int, message: str = "") -> ReviewEvent:
    return apply(entry, Move.REINSTATE, by=by, version=version, message=message)


def close(
    entry: SocialAccount, *, by: User, version: int, message: str, public_message: bool = False
) -> ReviewEvent:
    return apply(
        entry, Move.CLOSE, by=by, version=version, message=message, public_message=public_message
    )


def confirm(entry: SocialAccount, *, by: User, version: int, checklist: list[dict]) -> ReviewEvent:
    return apply(entry, Move.CONFIRM, by=by, version=version, checklist=checklist)


def recertify(entry: SocialAccount, *, by: User, version: int, message: str = "") -> ReviewEvent:
    return apply(entry, Move.RECERTIFY, by=by, version=version, message=message)


@transaction.atomic
def watch_apply(
    entry: SocialAccount,
    move: Move,
    *,
    message: str,
    at: datetime.datetime | None = None,
    notices: dict[str, str] | None = None,
) -> ReviewEvent:
    """A move the watch makes by itself (no person): same table, same record, same e-mails.
    `notices`: its public notice in each language (`message` is the one in the site's)."""
    locked = SocialAccount.objects.select_for_update().get(pk=entry.pk)
    rule = TRANSITIONS[move]
    if Actor.WATCH not in rule.actors or locked.status not in rule.sources:
        raise WorkflowError(_("The watch cannot do this on this entry."))
    _reason, message = _check_needs(rule, "", message)
    made = Made(
        at=at or timezone.now(),
        message=message,
        assignee=None,
        self_assessment={},
        notices=notices or {},
    )
    event = _record(locked, move, rule, by=None, reason="", checklist=[], made=made)
    return _finish(locked, move, rule, event, made)


def _finish(
    locked: SocialAccount, move: Move, rule: Transition, event: ReviewEvent, made: Made
) -> ReviewEvent:
    """The one ending of every move, a person's or the watch's: its effects, the saved entry,
    then what it sets going, all in the move's transaction."""
    if move in EFFECTS:
        EFFECTS[move](locked, made)
    _save(locked, rule, made.at)
    bluesky_verifier.schedule_sync(locked)  # queued in this transaction, like the e-mails
    emails.send_for_event(event.pk)  # queued in this transaction: sent if and only if it commits
    if rule.public is not None:
        record_public_change(locked, rule.public)
    return event
