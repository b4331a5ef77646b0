"""Which public entry a link names, and what the register says about it.

Stand-in for `registry.verification.verify_link` (written for the public pages at the same time):
swap it in when it lands on main. The contract is the same: `verify_link(text) -> Verdict`,
raising `InvalidAccountURL` for a link the parser refuses. One query at most.
"""

from dataclasses import dataclass
from enum import StrEnum

from registry.links import parse_account_url
from registry.models import SocialAccount, Status


class Result(StrEnum):
    OFFICIAL = "official"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    NOT_REGISTERED = "not_registered"


_RESULT_OF_STATUS = {
    Status.VERIFIED: Result.OFFICIAL,
    Status.SUSPENDED: Result.SUSPENDED,
    Status.CLOSED: Result.CLOSED,
}


@dataclass(frozen=True)
class Verdict:
    result: Result
    platform: str
    handle: str
    entry: SocialAccount | None


def verify_link(text: str) -> Verdict:
    ref = parse_account_url(text)
    # Public entries only: a draft or a rejected entry is "not registered" to the world.
    found = list(
        SocialAccount.objects.public()
        .with_related()
        .filter(platform=ref.platform, handle=ref.handle)
        .order_by("-verified_at")[:2]
    )
    # At most one public entry holds an account (the live-entry constraint); prefer a live one.
    found.sort(key=lambda entry: entry.status != Status.VERIFIED)
    entry = found[0] if found else None
    result = _RESULT_OF_STATUS[entry.status] if entry else Result.NOT_REGISTERED
    return Verdict(result=result, platform=ref.platform, handle=ref.handle, entry=entry)
