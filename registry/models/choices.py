"""Enumerations of the register: every status, kind and move is one of these, never a string."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.links import PLATFORMS

# Slugs are a contract (the link parser and the API use them); the parser's table is the source.
# Its labels are marked, not translated (standard library only): translated here, when shown.
Platform = models.TextChoices(
    "Platform", [(slug.upper(), (slug, _(label))) for slug, label in PLATFORMS.items()]
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


# Citizens see these, and only these (the one public selector uses this tuple).
PUBLIC_STATUSES = (Status.VERIFIED, Status.SUSPENDED, Status.CLOSED)
# The public entries that still speak for the government: what the public lists count.
CURRENT_STATUSES = (Status.VERIFIED, Status.SUSPENDED)
# An entry in one of these no longer holds its (platform, handle): someone else may register it.
RELEASED_STATUSES = (Status.REJECTED, Status.WITHDRAWN)


class Kind(models.TextChoices):
    INSTITUTIONAL = "institutional", _("Institutional account")
    MINISTER = "minister", _("Minister's account")
    CAMPAIGN = "campaign", _("Campaign account")


class MinisterMode(models.TextChoices):
    """How a minister's account is run, as the guide asks the profile to say."""

    TEAM = "team", _("Run by the minister's team")
    SHARED = "shared", _("Shared: the minister signs with initials")
    MINISTER = "minister", _("Run by the minister alone")


class Move(models.TextChoices):
    """Every recorded event in an entry's life; the workflow's table says which are legal."""

    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted for review")
    WITHDRAW = "withdraw", _("Withdrawn")
    ASSIGN = "assign", _("Assigned")
    UNASSIGN = "unassign", _("Handed back")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    VERIFY = "verify", _("Verified")
    REJECT = "reject", _("Rejected")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    CONFIRM = "confirm", _("Confirmed by the ministry")
    RECERTIFY = "recertify", _("Re-certified")
    ACKNOWLEDGE = "acknowledge", _("Changes since verification reviewed")
    IMPORT = "import", _("Imported")
    # An alias of the entry (another link to the same account) decided by the central unit.
    ACCEPT_ALIAS = "accept_alias", _("Alias accepted")
    REFUSE_ALIAS = "refuse_alias", _("Alias refused")
    # The watch (registry/watch/) and the central unit's answers to what it found.
    WATCH_SUSPEND = "watch_suspend", _("Suspended by the watch")
    ACCEPT_HANDLE = "accept_handle", _("New handle accepted")
    WATCH_HANDLED = "watch_handled", _("Watch finding handled")
    # Words only, whatever the status: the ministry writes to the central unit, which answers.
    WRITE = "write", _("Message to the central unit")
    ANSWER = "answer", _("Answer from the central unit")


class PublicChange(models.TextChoices):
    """A change to what citizens see of an entry: each is one call of
    `registry.public_changes.record_public_change`, in the change's own transaction."""

    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened for review")
    UPDATED = "updated", _("Public details changed")
    HANDLE_CHANGED = "handle_changed", _("Handle changed on the platform")
    HANDLE_ACCEPTED = "handle_accepted", _("New handle accepted")
    ALIAS_ACCEPTED = "alias_accepted", _("Alias accepted")
    ALIAS_WITHDRAWN = "alias_withdrawn", _("Alias withdrawn")
    TAKEOVER = "takeover", _("Taken over")
    GONE = "gone", _("No longer on the platform")
    RESTORED = "restored", _("Watch finding withdrawn")


class Reason(models.TextChoices):
    """Why a reviewer requests changes, rejects or suspends: a guide rule, or one of four others."""

    PROFESSIONAL_USE = "PROFESSIONAL_USE", _("Not for professional use only")
    OWNER_SERVICE = "OWNER_SERVICE", _("No agreed owning service")
    MANAGERS_IDENTIFIED = "MANAGERS_IDENTIFIED", _("Managers not identified")
    AGENCY_DECLARED = "AGENCY_DECLARED", _("External agency not declared")
    EDITORIAL_CHARTER = "EDITORIAL_CHARTER", _("No editorial charter")
    CHARTER_PUBLISHED = "CHARTER_PUBLISHED", _("Usage rules not published")
    LANGUAGES = "LANGUAGES", _("Languages not declared")
    NEUTRALITY = "NEUTRALITY", _("Content not neutral")
    NO_ELECTORAL_USE = "NO_ELECTORAL_USE", _("Electoral or partisan use")
    MINISTER_MODE = "MINISTER_MODE", _("Minister's account does not say who runs it")
    PROFILE_OFFICIAL = "PROFILE_OFFICIAL", _("Profile does not say it is official")
    VISUAL_IDENTITY = "VISUAL_IDENTITY", _("Visual identity not followed")
    FUNCTIONAL_EMAIL = "FUNCTIONAL_EMAIL", _("Not registered with a functional mailbox")
    ACCESS_CONTROL = "ACCESS_CONTROL", _("Access control insufficient")
    ACCESSIBLE_POSTS = "ACCESSIBLE_POSTS", _("Posts not accessible")
    CONTROL_PROVEN = "CONTROL_PROVEN", _("Control of the account not proven")
    ACTIVE = "ACTIVE", _("Not active")
    DUPLICATE = "DUPLICATE", _("Already registered")
    NOT_OFFICIAL = "NOT_OFFICIAL", _("Not an account of a State service")
    WRONG_OWNER = "WRONG_OWNER", _("Wrong owning service")
    COMPROMISED = "COMPROMISED", _("Account compromised")
    OTHER = "OTHER", _("Other")


class Answer(models.TextChoices):
    MEETS = "meets", _("Meets")
    FAILS = "fails", _("Does not meet")
    NOT_APPLICABLE = "na", _("Not applicable")
