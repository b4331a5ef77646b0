"""The public site's views (namespace "public"), split by page family."""

from registry.views.public.pages import accessibility, account, directory, ministry, privacy
from registry.views.public.verify import report, report_sent, verify

__all__ = [
    "accessibility",
    "account",
    "directory",
    "ministry",
    "privacy",
    "report",
    "report_sent",
    "verify",
]
