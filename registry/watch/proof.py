"""The proof of control, checked by the watch: is the entry's code in the profile text?

`read_proof()` asks the platform (network, outside any transaction); `record_proof()` stores
what was read as an observation (evidence, kept apart from the entry), linked to the decision
when there is one. The permanent id is never replaced by what a proof reads: a verification
records the id it read only when the entry holds none, and a different id seen for the handle is
a takeover finding of the watch, whoever caused the read. The reviewer page shows the latest
proof.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.text import scrub
from registry.models import Observation, ReviewEvent, SocialAccount, WatchState
from registry.watch import findings, service
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
    entry.refresh_from_db()
    seen = reading.seen
    if seen is None:
        error = scrub(reading.error, multiline=False, limit=300)
        return Observation.objects.create(
            entry=entry, kind=Observation.Kind.FAILED, error=error, event=event
        )
    found = seen.exists and entry.control_code.lower() in seen.text.lower()
    proof = Observation.objects.create(
        entry=entry,
        kind=Observation.Kind.PROOF,
        seen={"by_handle": seen.as_dict()},
        code_found=found,
        event=event,
    )
    if seen.exists and seen.account_id:
        _judge_the_id(entry, seen, decided=event is not None)
    return proof


def _judge_the_id(entry: SocialAccount, seen: Seen, *, decided: bool) -> None:
    """What a proof's reading means for the permanent id: kept when the entry has none and a
    reviewer's decision is made with it; a takeover finding when it differs from the stored one."""
    if not entry.platform_account_id:
        if decided:
            findings.record_first_id(entry, seen.account_id)
        return
    if seen.account_id != entry.platform_account_id:
        with transaction.atomic():
            WatchState.objects.get_or_create(entry=entry)
            state = WatchState.objects.select_for_update().get(entry=entry)
            service.record(entry, state, seen, None)


def latest_proof(entry: SocialAccount) -> Observation | None:
    kinds = (Observation.Kind.PROOF, Observation.Kind.FAILED)
    return entry.observations.filter(kind__in=kinds).order_by("-created_at", "-id").first()
