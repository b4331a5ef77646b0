"""The proof of control, checked by the watch: is the entry's code in the profile text?

`read_proof()` asks the platform (network, outside any transaction); `record_proof()` stores
what was read as an observation, linked to the decision when there is one, and stores the
permanent id the platform gave. The reviewer page shows the latest one.
"""

from dataclasses import dataclass

from registry.models import Observation, ReviewEvent, SocialAccount
from registry.watch.fetch import FetchError
from registry.watch.platforms import Seen, adapter_for


@dataclass(frozen=True)
class Reading:
    seen: Seen | None
    error: str = ""


def read_proof(entry: SocialAccount) -> Reading | None:
    """What the platform shows for the entry's handle; None when the platform is not watched."""
    adapter = adapter_for(entry.platform)
    if adapter is None:
        return None
    try:
        return Reading(adapter.by_handle(entry.handle))
    except FetchError as exc:
        return Reading(None, str(exc))
    except Exception as exc:  # a strange answer is a failed reading, not a 500
        return Reading(None, f"bad_answer: {type(exc).__name__}")


def record_proof(
    entry: SocialAccount, reading: Reading, *, event: ReviewEvent | None = None
) -> Observation:
    seen = reading.seen
    if seen is None:
        return Observation.objects.create(
            entry=entry, kind=Observation.Kind.FAILED, error=reading.error[:300], event=event
        )
    found = seen.exists and entry.control_code.lower() in seen.text.lower()
    if seen.exists and seen.account_id:
        SocialAccount.objects.filter(pk=entry.pk).update(platform_account_id=seen.account_id)
        entry.platform_account_id = seen.account_id
    return Observation.objects.create(
        entry=entry,
        kind=Observation.Kind.PROOF,
        seen={"by_handle": seen.as_dict()},
        code_found=found,
        event=event,
    )


def latest_proof(entry: SocialAccount) -> Observation | None:
    kinds = (Observation.Kind.PROOF, Observation.Kind.FAILED)
    return entry.observations.filter(kind__in=kinds).order_by("-created_at", "-id").first()
