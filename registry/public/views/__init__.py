"""The public site's views (namespace "public"), split by page family."""

from registry.public.views.pages import (
    accessibility,
    account,
    directory,
    extension,
    ministry,
    privacy,
)
from registry.public.views.share import (
    badge,
    embed,
    official_accounts,
    official_accounts_key,
    official_accounts_signature,
)
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
    "official_accounts_key",
    "official_accounts_signature",
    "privacy",
    "report",
    "report_sent",
    "verify",
]
