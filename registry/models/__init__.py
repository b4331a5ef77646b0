from registry.models.aliases import AliasSource, AliasStatus, EntryAlias
from registry.models.checklist import ChecklistItem
from registry.models.choices import (
    PUBLIC_STATUSES,
    RELEASED_STATUSES,
    Answer,
    Kind,
    MinisterMode,
    Move,
    Platform,
    Reason,
    Status,
)
from registry.models.entries import SocialAccount, SocialAccountQuerySet, new_control_code
from registry.models.history import EntryChange, ReviewEvent
from registry.models.jobs import ScheduledRun
from registry.models.reports import Report, ReviewReminder
from registry.models.verifier import BlueskyVerification

__all__ = [
    "PUBLIC_STATUSES",
    "RELEASED_STATUSES",
    "AliasSource",
    "AliasStatus",
    "Answer",
    "BlueskyVerification",
    "ChecklistItem",
    "EntryAlias",
    "EntryChange",
    "Kind",
    "MinisterMode",
    "Move",
    "Platform",
    "Reason",
    "Report",
    "ReviewEvent",
    "ReviewReminder",
    "ScheduledRun",
    "SocialAccount",
    "SocialAccountQuerySet",
    "Status",
    "new_control_code",
]
