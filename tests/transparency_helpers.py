"""Shared by the transparency tests: real workflow moves that make public changes."""

from registry import workflow
from registry.models import Reason, SocialAccount, Status
from tests.conftest import answers_for


def verified(make_entry, reviewer, **fields) -> SocialAccount:
    """A submitted entry verified through the workflow (one log entry)."""
    entry = make_entry(Status.SUBMITTED, assigned_reviewer=reviewer, **fields)
    workflow.verify(entry, by=reviewer, version=entry.version, checklist=answers_for("reviewer"))
    return SocialAccount.objects.get(pk=entry.pk)


def suspended(entry, reviewer) -> SocialAccount:
    entry = SocialAccount.objects.get(pk=entry.pk)
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Hacked."
    )
    return SocialAccount.objects.get(pk=entry.pk)


def closed(entry, reviewer) -> SocialAccount:
    entry = SocialAccount.objects.get(pk=entry.pk)
    workflow.close(entry, by=reviewer, version=entry.version, message="No longer used.")
    return SocialAccount.objects.get(pk=entry.pk)
