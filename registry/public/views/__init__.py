"""The public site's views (namespace "public"), split by page family."""

from registry.public.views.pages import (
    accessibility,
    account,
    directory,
    extension,
    ministry,
    privacy,
)
from registry.public.views.share import badge, embed, official_accounts
from registry.public.views.verify import report, report_sent, verify

__all__ = [
    "accessibility",
    "account",
    "badge",
    "directory",
    "embed",
    "extension",
    "ministry",
    "official_accounts",
    "privacy",
    "report",
    "report_sent",
    "verify",
]
