"""What the workspace pages share: what is expected of the ministry, and the entry's identity."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.links import display_handle
from registry.models import Move, Platform, Reason, SocialAccount, Status
from registry.workflow import recertification_open

# After verification, the page says for this long that the code may come off the profile.
CODE_REMOVAL_DAYS = 30


@dataclass(frozen=True)
class NextStep:
    """The one thing the ministry does next; `show_code`: the proof-of-control code goes with it."""

    text: str
    show_code: bool = False


def next_step(entry: SocialAccount) -> NextStep:
    """What the ministry does next about `entry`, in the order the work happens."""
    if entry.status in _BEFORE_VERIFICATION:
        return NextStep(_BEFORE_VERIFICATION[entry.status](), show_code=True)
    if entry.status == Status.VERIFIED:
        return NextStep(_verified_step(entry))
    if entry.status == Status.SUSPENDED:
        if _suspension_reason(entry) == Reason.COMPROMISED:
            return NextStep(
                _(
                    "Secure the account (password, who has access, two-factor sign-in), then "
                    "tell the central unit: it will reinstate the entry."
                )
            )
        return NextStep(_suspended_step())
    return NextStep(_ENDED[entry.status]())


_BEFORE_VERIFICATION = {
    Status.DRAFT: lambda: _(
        "Put the code below in the account's profile, then finish the form and submit it "
        "for review."
    ),
    Status.SUBMITTED: lambda: _(
        "Leave the code below in the account's profile and wait: the central unit is reviewing "
        "the entry and checks the code there."
    ),
    Status.CHANGES_REQUESTED: lambda: _(
        "Make the changes the central unit asks for, keep the code below in the profile, and "
        "submit the entry again."
    ),
}


_ENDED = {
    Status.CLOSED: lambda: _(
        "Nothing to do: the account is closed. Reopen the entry if the account is used again."
    ),
    Status.REJECTED: lambda: _("Nothing to do: the central unit rejected the entry."),
    Status.WITHDRAWN: lambda: _("Nothing to do: the entry was withdrawn."),
}


def _verified_step(entry: SocialAccount) -> str:
    if entry.confirmation_submitted_at:
        return _("Wait: the central unit is checking your re-certification.")
    if recertification_open(entry):
        return _("Re-certification due: confirm the entry is still accurate.")
    recently = entry.verified_at and entry.verified_at >= timezone.now() - datetime.timedelta(
        days=CODE_REMOVAL_DAYS
    )
    if recently:
        return _(
            "Verified: you may remove the proof-of-control code from the profile. Keep the "
            "contact data up to date."
        )
    return _("Keep the contact data up to date.")


def _suspended_step() -> str:
    return _("Solve what the central unit names below, then tell it: it will reinstate the entry.")


def _suspension_reason(entry: SocialAccount) -> str:
    return entry.events.filter(move=Move.SUSPEND).values_list("reason", flat=True).last() or ""


def expectation(entry: SocialAccount) -> str:
    """The next step in one sentence (the register's list: no query per row)."""
    if entry.status == Status.SUSPENDED:
        return _suspended_step()
    return next_step(entry).text


def identity_label(platform: str, handle: str) -> str:
    """“X (Twitter) account @gouvlu”: what the link parser found, said back to the person."""
    return _("%(platform)s account %(handle)s") % {
        "platform": Platform(platform).label,
        "handle": display_handle(platform, handle),
    }


def latest_request(entry: SocialAccount):
    """The central unit's latest request for changes, shown on top of the form."""
    return entry.events.filter(move=Move.REQUEST_CHANGES).select_related("actor").last()
