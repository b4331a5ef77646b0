"""The central unit's use cases that take more than one move: a decision on a submission with
the proof the registry reads for it. Views, commands and tests call these, never assemble them."""

from django.db import transaction

from accounts.models import User
from registry import workflow
from registry.models import Move, Reason, ReviewEvent, SocialAccount
from registry.watch import proof as watch_proof


def decide(
    entry: SocialAccount,
    move: Move,
    *,
    by: User,
    version: int,
    reason: Reason | str = "",
    message: str = "",
    checklist: list[dict] | None = None,
) -> ReviewEvent:
    """A reviewer's decision (verify, request changes, reject). At verification the account is
    first read on its platform (no lock or transaction held across the network), then the
    decision and what was read are kept together, or neither."""
    reading = watch_proof.read_proof(entry) if move == Move.VERIFY else None
    with transaction.atomic():
        event = workflow.apply(
            entry, move, by=by, version=version, reason=reason, message=message,
            checklist=checklist,
        )  # fmt: skip
        if reading is not None:
            watch_proof.record_proof(entry, reading, event=event)
    return event
