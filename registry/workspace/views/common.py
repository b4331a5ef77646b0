"""What the workspace pages share: what is expected of the ministry, and the entry's identity."""

from django.utils.translation import gettext as _

from registry.links import display_handle
from registry.models import Move, Platform, SocialAccount, Status
from registry.workflow import recertification_open


def expectation(entry: SocialAccount) -> str:
    """What the central unit expects of the ministry now, in one sentence."""
    if recertification_open(entry):
        return _("Re-certification due: confirm the entry is still accurate.")
    return {
        Status.DRAFT: _("Finish the form and submit it for review."),
        Status.SUBMITTED: _("Nothing: the central unit is reviewing it."),
        Status.CHANGES_REQUESTED: _("Changes requested: answer the central unit."),
        Status.VERIFIED: _("Keep the contact data up to date."),
        Status.SUSPENDED: _("Suspended: contact the central unit to secure the account."),
        Status.CLOSED: _("Nothing: the account is closed."),
        Status.REJECTED: _("Nothing: the central unit rejected it."),
        Status.WITHDRAWN: _("Nothing: the entry was withdrawn."),
    }[entry.status]


def identity_label(platform: str, handle: str) -> str:
    """“X (Twitter) account @gouvlu”: what the link parser found, said back to the person."""
    return _("%(platform)s account %(handle)s") % {
        "platform": Platform(platform).label,
        "handle": display_handle(platform, handle),
    }


def latest_request(entry: SocialAccount):
    """The central unit's latest request for changes, shown on top of the form."""
    return entry.events.filter(move=Move.REQUEST_CHANGES).select_related("actor").last()
