"""Is this link an official account? The one answer the verify page and the API both give.

`verify_link(text)` parses the link with `registry.links.parse_account_url` (the same parser the
workspace uses, so posts, share links and mobile hosts work) and looks the identity up among the
PUBLIC entries only (`SocialAccount.objects.public()`): a draft or a rejected entry is, for a
citizen, "not registered". It raises `InvalidAccountURL` (its message is fit to show) for a
link the parser refuses. It reads, never writes.

The answer for a (platform, handle) is cached under the register version (registry.cache):
every workflow move bumps it on commit, so a suspension or closure is answered at once.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, IntegerField, Value, When

from registry.cache import cached
from registry.links import InvalidAccountURL, parse_account_url
from registry.models import SocialAccount, Status

__all__ = ["InvalidAccountURL", "Result", "Verdict", "verify_link"]


class Result(StrEnum):
    OFFICIAL = "official"  # verified: the government speaks through it
    SUSPENDED = "suspended"  # official, but not to be trusted for now (see its public notice)
    CLOSED = "closed"  # was official; the handle may now belong to someone else
    NOT_REGISTERED = "not_registered"  # no public entry: treat it as unofficial
    HANDLE_CHANGED = "handle_changed"  # the verified account now goes by another handle (watch)


_RESULT_OF = {
    Status.VERIFIED: Result.OFFICIAL,
    Status.SUSPENDED: Result.SUSPENDED,
    Status.CLOSED: Result.CLOSED,
}

# Handles are the parser's canonical keys, so one exact match is the rule (the unique constraint
# allows one live entry per key); should several public entries match, the live one answers.
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


def verify_link(text: str) -> Verdict:
    """The public answer for a link; raises InvalidAccountURL when the parser refuses it."""
    ref = parse_account_url(text)
    return cached("verdict", [ref.platform, ref.handle], lambda: _look_up(ref.platform, ref.handle))


def _look_up(platform: str, handle: str) -> Verdict:
    entry = (
        SocialAccount.objects.public()
        .with_related()
        .select_related("watch")
        .filter(platform=platform, handle=handle)
        .order_by(_PRIORITY, "-status_changed_at", "-pk")
        .first()
    )
    if entry is None:
        return Verdict(Result.NOT_REGISTERED, platform, handle, None)
    state = getattr(entry, "watch", None)
    lost = bool(state and state.handle_lost_at)
    result = _RESULT_OF[entry.status]
    if lost and result == Result.OFFICIAL:
        result = Result.HANDLE_CHANGED  # never "official" once the watch knows it moved
    return Verdict(result, platform, handle, entry, handle_reassigned=lost)
