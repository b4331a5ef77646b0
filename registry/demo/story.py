"""Entries' stories: the steps of each demo entry, and how they are played.

A story is a list of steps, each a move some days ago. Every step goes through
`workflow.apply`, like any move a person makes (same table, checks, effects and event); past
steps pass `at=` their date in the story, since events can never be rewritten afterwards.
"""

import datetime
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.utils import timezone

from registry import workflow
from registry.errors import WorkflowError
from registry.models import Answer, EntryChange, Move, Reason, ReviewEvent, SocialAccount, Status
from registry.workflow.checklists import items_for

MEMBER, REVIEWER, REVIEWER2 = "member", "reviewer", "reviewer2"
CHANGE = "change"  # not a move: a change of contact data since verification (an EntryChange)


@dataclass(frozen=True)
class Step:
    days_ago: int
    move: str  # a Move, or CHANGE
    actor: str = MEMBER  # MEMBER (the entry's ministry), REVIEWER or REVIEWER2
    reason: str = ""
    message: str = ""
    changes: dict = field(default_factory=dict)  # for CHANGE: {field: new value}


# Story builders: the usual lives of an entry, ending `days` ago.
def draft(days: int) -> list[Step]:
    return [Step(days, Move.CREATE)]


def submitted(days: int, *, assigned_to: str = "") -> list[Step]:
    steps = [Step(days + 3, Move.CREATE), Step(days, Move.SUBMIT)]
    return steps + ([Step(days, Move.ASSIGN, assigned_to)] if assigned_to else [])


def changes_requested(days: int, reason: str, message: str, by: str = REVIEWER) -> list[Step]:
    return [
        *submitted(days + 4, assigned_to=by),
        Step(days, Move.REQUEST_CHANGES, by, reason=reason, message=message),
    ]


def verified(days: int, by: str = REVIEWER, *, until: int = 0, renew: bool = True) -> list[Step]:
    """Verified `days` ago, and re-certified a year later if that fell before `until` days ago."""
    steps = [*submitted(days + 6, assigned_to=by), Step(days, Move.VERIFY, by)]
    return steps + (_renewal(days, until) if renew else [])


def _renewal(verified_days: int, until: int) -> list[Step]:
    # Entries verified over a year ago were re-certified, except the one left overdue on purpose.
    confirm_days = verified_days - 355
    if verified_days <= 385 or confirm_days <= until:
        return []
    return [Step(confirm_days, Move.CONFIRM), Step(confirm_days - 3, Move.RECERTIFY, REVIEWER2)]


def reworked(days: int, reason: str, message: str, by: str = REVIEWER) -> list[Step]:
    """Created, submitted, assigned, changes requested, resubmitted, verified."""
    return [
        *changes_requested(days + 12, reason, message, by),
        Step(days + 5, Move.SUBMIT),
        Step(days, Move.VERIFY, by),
        *_renewal(days, 0),
    ]


def rejected(days: int, reason: str, message: str, by: str = REVIEWER) -> list[Step]:
    return [
        *submitted(days + 5, assigned_to=by),
        Step(days, Move.REJECT, by, reason=reason, message=message),
    ]


def withdrawn(days: int, message: str) -> list[Step]:
    return [*submitted(days + 8), Step(days, Move.WITHDRAW, message=message)]


def suspended(verified_days: int, days: int, notice: str, by: str = REVIEWER) -> list[Step]:
    return [
        *verified(verified_days, by, until=days),
        Step(days, Move.SUSPEND, by, reason=Reason.COMPROMISED, message=notice),
    ]


def reinstated(verified_days: int, suspended_days: int, days: int, notice: str) -> list[Step]:
    return [
        *suspended(verified_days, suspended_days, notice),
        Step(
            days,
            Move.REINSTATE,
            REVIEWER,
            message="Accès rétablis, double authentification activée.",
        ),
    ]


def closed(verified_days: int, days: int, message: str, by: str = MEMBER) -> list[Step]:
    return [*verified(verified_days, until=days), Step(days, Move.CLOSE, by, message=message)]


def recertified(verified_days: int, confirmed_days: int, days: int) -> list[Step]:
    return [
        *verified(verified_days, renew=False),
        Step(confirmed_days, Move.CONFIRM),
        Step(days, Move.RECERTIFY, REVIEWER2),
    ]


def confirmed(verified_days: int, days: int) -> list[Step]:
    """Verified long ago; the ministry has re-answered the checklist, the review is pending."""
    return [*verified(verified_days, renew=False), Step(days, Move.CONFIRM)]


def contact_changed(verified_days: int, days: int, **changes) -> list[Step]:
    return [*verified(verified_days, until=days), Step(days, CHANGE, changes=changes)]


def answers(who: str, failing: str = "") -> list[dict]:
    """Every item of the checklist answered "meets", except the failing one."""
    return [
        {
            "code": item.code,
            "answer": Answer.FAILS if item.code == failing else Answer.MEETS,
            "note": "",
        }
        for item in items_for(who)
    ]


def play(entry: SocialAccount, steps: list[Step], people: dict, member) -> None:
    """Play an entry's story, from its creation (a draft the caller has just saved)."""
    now = timezone.now()
    for index, step in enumerate(steps):
        actor = member if step.actor == MEMBER else people[step.actor]
        at = now - datetime.timedelta(days=step.days_ago, minutes=(len(steps) - index) * 17)
        if step.move == Move.CREATE:
            workflow.record_creation(entry, by=actor, at=at)
        elif step.move == CHANGE:
            change_contact(entry, step.changes, by=actor, at=at)
        elif step.days_ago == 0:
            made = workflow.apply(
                entry, step.move, by=actor, version=entry.version, **_arguments(step)
            )
            entry = made.entry
        else:
            entry = replay(entry, step, by=actor, at=at).entry


def _arguments(step: Step) -> dict:
    rule = workflow.TRANSITIONS[step.move]
    return {
        "reason": step.reason,
        "message": step.message,
        "checklist": answers(rule.checklist, failing=step.reason) if rule.checklist else None,
    }


def replay(entry: SocialAccount, step: Step, *, by, at: datetime.datetime) -> ReviewEvent:
    """One past move, through the workflow like any other, dated as the story says."""
    try:
        return workflow.apply(
            entry, step.move, by=by, version=entry.version, at=at, **_arguments(step)
        )
    except WorkflowError as refused:
        raise CommandError(f"The demo story of {entry} cannot {step.move}: {refused}") from None


def change_contact(entry: SocialAccount, changes: dict, *, by, at: datetime.datetime) -> None:
    """A member edits the managing team after verification: recorded, and flagged for review."""
    EntryChange.objects.create(
        entry=entry,
        actor=by,
        created_at=at,
        changes={name: [getattr(entry, name), value] for name, value in changes.items()},
    )
    for name, value in changes.items():
        setattr(entry, name, value)
    if entry.status in (Status.VERIFIED, Status.SUSPENDED):
        entry.contact_changed_at = at
    entry.version += 1
    entry.save()
