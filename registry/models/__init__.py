from registry.models.aliases import AliasSource, AliasStatus, EntryAlias
from registry.models.checklist import ChecklistItem
from registry.models.choices import (
    CURRENT_STATUSES,
    PUBLIC_STATUSES,
    RELEASED_STATUSES,
    Answer,
    Kind,
    MinisterMode,
    Move,
    Platform,
    PublicChange,
    Reason,
    Status,
)
from registry.models.counts import EntryCount
from registry.models.entries import SocialAccount, SocialAccountQuerySet, new_control_code
from registry.models.history import EntryChange, ReviewEvent
from registry.models.jobs import ScheduledRun
from registry.models.register import EVERYTHING, RegisterChange, RegisterVersion
from registry.models.reports import Report, ReviewReminder
from registry.models.transparency import (
    Checkpoint,
    Cosignature,
    LogEntry,
    LogHead,
    LogKey,
    LogNode,
    SignedList,
)
from registry.models.verifier import BlueskyVerification
from registry.models.watch import (
    Finding,
    Observation,
    PlatformClock,
    PlatformSlot,
    StreamCursor,
    WatchState,
)

__all__ = [
    "CURRENT_STATUSES",
    "EVERYTHING",
    "PUBLIC_STATUSES",
    "RELEASED_STATUSES",
    "AliasSource",
    "AliasStatus",
    "Answer",
    "BlueskyVerification",
    "ChecklistItem",
    "Checkpoint",
    "Cosignature",
    "EntryAlias",
    "EntryChange",
    "EntryCount",
    "Finding",
    "Kind",
    "LogEntry",
    "LogHead",
    "LogKey",
    "LogNode",
    "MinisterMode",
    "Move",
    "Observation",
    "Platform",
    "PlatformClock",
    "PlatformSlot",
    "PublicChange",
    "Reason",
    "RegisterChange",
    "RegisterVersion",
    "Report",
    "ReviewEvent",
    "ReviewReminder",
    "ScheduledRun",
    "SignedList",
    "SocialAccount",
    "SocialAccountQuerySet",
    "Status",
    "StreamCursor",
    "WatchState",
    "new_control_code",
]
