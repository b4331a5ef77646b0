"""Is this link an official account? The one answer the verify page and the API both give.

`verify_link(text)` parses the link with `registry.links.parse_account_url` (the same parser the
workspace uses, so post links naming their account and mobile hosts work) and looks the key up
among the PUBLIC entries only (`SocialAccount.objects.public()`): as their handle, as one of
their accepted aliases (registry.aliases), or as the permanent account id they hold (an X user
number, a YouTube channel id, a Facebook page number). A draft or a rejected entry is, for a
citizen, "not registered". It raises `InvalidAccountURL` (its message is fit to show) for a
link the parser refuses. It reads, never writes.

The answer for a (platform, handle) is kept with the scopes it shows (registry.freshness.kept):
the entry it found and the key asked; "not registered" shows every entry. Every public change
touches its entry's scopes (registry.public_changes), so a suspension, a closure or an accepted
alias is answered at once, and other answers stay kept.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext

from registry.freshness.kept import cached, depends_on
from registry.links import (
    PLATFORMS,
    InvalidAccountURL,
    display_handle,
    parse_account_url,
    permanent_id,
)
from registry.models import EntryAlias, SocialAccount, Status
from registry.models.register import account_id_scope, entry_scope, key_scope

__all__ = [
    "WATCH_DOUBTS",
    "InvalidAccountURL",
    "Result",
    "Verdict",
    "entry_result",
    "verify_link",
]


class Result(StrEnum):
    OFFICIAL = "official"  # verified: the government speaks through it
    SUSPENDED = "suspended"  # official, but not to be trusted for now (see its public notice)
    CLOSED = "closed"  # was official; the handle may now belong to someone else
    NOT_REGISTERED = "not_registered"  # no public entry: treat it as unofficial
    HANDLE_CHANGED = "handle_changed"  # the verified account now goes by another handle (watch)
    GONE = "gone"  # the verified account is no longer on the platform (watch, confirmed)


Result.do_not_call_in_templates = True  # type: ignore[attr-defined]  # `Result.OFFICIAL` in a template


_RESULT_OF = {
    Status.VERIFIED: Result.OFFICIAL,
    Status.SUSPENDED: Result.SUSPENDED,
    Status.CLOSED: Result.CLOSED,
}

# Handles and aliases are the parser's canonical keys, so exact matches are the rule (the unique
# constraints allow one live entry per key); should several public entries match, the live one
# answers.
_PRIORITY = Case(
    When(status=Status.VERIFIED, then=Value(0)),
    When(status=Status.SUSPENDED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Verdict:
    result: Result
    platform: str  # the parser's platform slug
    handle: str  # the parser's normalised handle
    entry: SocialAccount | None  # the public entry that answers, None when not registered
    # The watch found that this handle no longer belongs to the account the registry verified.
    handle_reassigned: bool = False

    @property
    def shown_handle(self) -> str:
        """The key as a person writes it ("@gouvlu", "user/gouvlu", "id:783214")."""
        return display_handle(self.platform, self.handle)

    @property
    def platform_label(self) -> str:
        return gettext(PLATFORMS[self.platform])


def verify_link(text: str) -> Verdict:
    """The public answer for a link; raises InvalidAccountURL when the parser refuses it."""
    ref = parse_account_url(text)
    verdict: Verdict = cached(
        "verdict", [ref.platform, ref.handle], lambda: _look_up(ref.platform, ref.handle)
    )
    return verdict


def _look_up(platform: str, handle: str) -> Verdict:
    entry = (
        SocialAccount.objects.public()
        .with_related()
        .select_related("watch")
        .filter(_names_the_account(platform, handle), platform=platform)
        .order_by(_PRIORITY, "-status_changed_at", "-pk")
        .first()
    )
    if entry is None:  # any change may register it: the answer shows every entry
        return Verdict(Result.NOT_REGISTERED, platform, handle, None)
    depends_on(entry_scope(entry.pk), key_scope(platform, handle))
    if permanent := permanent_id(platform, handle):
        depends_on(account_id_scope(platform, permanent))
    state = getattr(entry, "watch", None)
    lost = bool(state and state.handle_lost_at)
    return Verdict(entry_result(entry), platform, handle, entry, handle_reassigned=lost)


# The entries the watch knows are not official any more, whatever their status says (the rule
# of `entry_result`, as a filter: the offline list leaves them out).
WATCH_DOUBTS = Q(watch__handle_lost_at__isnull=False) | Q(watch__gone_confirmed_at__isnull=False)


def entry_result(entry: SocialAccount) -> Result:
    """The public answer for a public entry (the verify page and API, the badge): its status's,
    but never "official" once the watch knows the handle moved or the account is gone."""
    result = _RESULT_OF[Status(entry.status)]
    state = getattr(entry, "watch", None)
    if result != Result.OFFICIAL or state is None:
        return result
    if state.handle_lost_at:
        return Result.HANDLE_CHANGED
    if state.gone_confirmed_at:
        return Result.GONE  # its absence is confirmed: the handle is free for anyone to take
    return result


def _names_the_account(platform: str, key: str) -> Q:
    """Entries whose account the key names: as their handle, an accepted alias, or the
    platform's permanent id they hold.

    One subquery, a UNION of lookups that each use an index: written as one OR of the three,
    PostgreSQL read every entry of the platform (0.6 s at a million accounts).

    Each part is unordered (`order_by()`, dropping the models' default order): SQLite refuses
    an ORDER BY inside the queries of a compound statement, and a set needs none."""
    named = SocialAccount.objects.filter(platform=platform, handle=key).values("pk")
    aliased = EntryAlias.objects.accepted().filter(platform=platform, key=key).values("entry_id")
    parts = [named, aliased]
    permanent = permanent_id(platform, key)
    if permanent:
        held = SocialAccount.objects.filter(platform=platform, platform_account_id=permanent)
        parts.append(held.values("pk"))
    first, *others = (part.order_by() for part in parts)
    return Q(pk__in=first.union(*others, all=True))
