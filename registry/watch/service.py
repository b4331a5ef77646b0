"""The watch: which entries are due, and checking one in three steps — claim, fetch, record.

- **claim** (one short transaction): the entry's watch state is locked with SKIP LOCKED, found
  due, and claimed for `WATCH_CLAIM_SECONDS` (its next check moves past the claim, so no other
  worker takes it; a worker that dies loses its claim when it lapses); one of the platform's
  concurrency slots is leased;
- **fetch** (no transaction, no lock): the rate clock's slot is awaited, the platform is asked,
  the slot is given back;
- **record** (one short transaction): what was read is stored and acted on; a takeover's
  suspension commits on its own even when the evidence cannot be stored.

`run_due_checks()` checks every due entry now, in this process (the `watch_accounts` command);
`enqueue_due_checks()` puts one `check_entry_task` per due entry on the job queue instead, for
any number of workers. A bad answer, or a write it makes fail, is a failed check of that entry,
never the end of the run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.text import scrub
from registry.models import Observation, SocialAccount, Status, WatchState
from registry.watch import findings, limits
from registry.watch.fetch import FetchError
from registry.watch.platforms import Seen, adapter_for, watched_platforms

log = logging.getLogger(__name__)
WATCHED_STATUSES = (Status.VERIFIED, Status.SUSPENDED, Status.CLOSED)


def watched_entries() -> QuerySet:
    return SocialAccount.objects.filter(
        status__in=WATCHED_STATUSES, platform__in=watched_platforms()
    )


def due_entries(*, ignore_schedule: bool = False) -> QuerySet:
    entries = watched_entries()
    if not ignore_schedule:
        entries = entries.filter(
            Q(watch__isnull=True)
            | Q(watch__next_check_at__isnull=True)
            | Q(watch__next_check_at__lte=timezone.now())
        )
    return entries.order_by("pk")


@dataclass
class Summary:
    checked: int = 0
    skipped: int = 0
    failed: int = 0
    changes: list = field(default_factory=list)  # the observations that found something


def run_due_checks(*, ignore_schedule: bool = False, report=None) -> Summary:
    """Check every due entry now, one after the other; `report(observation)` for each change."""
    summary = Summary()
    for entry_id in due_entries(ignore_schedule=ignore_schedule).values_list("pk", flat=True):
        observation = check_entry(entry_id, even_if_not_due=ignore_schedule)
        if observation is None:
            summary.skipped += 1
            continue
        summary.checked += 1
        if observation.kind == Observation.Kind.FAILED:
            summary.failed += 1
        elif observation.kind not in (Observation.Kind.UNCHANGED, Observation.Kind.UNCONFIRMED):
            summary.changes.append(observation)
            if report:
                report(observation)
    return summary


def enqueue_due_checks() -> int:
    from registry.watch.tasks import check_entry_task

    ids = list(due_entries().values_list("pk", flat=True))
    for entry_id in ids:
        check_entry_task.enqueue(entry_id)
    return len(ids)


@dataclass(frozen=True)
class Claim:
    """An entry claimed for one check, and the platform slot leased for it."""

    entry: SocialAccount
    adapter: object
    slot: int


@dataclass(frozen=True)
class Reading:
    """What the platform answered (`by_handle`, `by_id`), or why it could not be read."""

    by_handle: Seen | None = None
    by_id: Seen | None = None
    error: Exception | None = None


def check_entry(
    entry_id: int, *, even_if_not_due: bool = False, pushed: str = ""
) -> Observation | None:
    """Check one entry; None when it is not watched, not due (a job queued twice), another
    worker is checking it right now, or its platform has no free slot. `pushed`: the kind of
    change the platform's push stream announced for it (registry.watch.stream), which a read
    that sees the same confirms at once."""
    found = claim(entry_id, even_if_not_due=even_if_not_due)
    if found is None:
        return None
    try:
        reading = read(found)
    finally:
        limits.release_slot(found.slot)
    if isinstance(reading.error, limits.MustWait):  # the platform is paused: not a failed check
        later = timezone.now() + datetime.timedelta(seconds=reading.error.seconds)
        WatchState.objects.filter(entry=found.entry).update(next_check_at=later)
        return None
    try:
        return record_reading(found.entry, reading, pushed=pushed)
    except Exception as exc:  # a write that fails is this entry's failed check, not the run's end
        log.exception("watch: recording the check of entry %s failed", entry_id)
        return _record_failure(found.entry, exc)


def claim(entry_id: int, *, even_if_not_due: bool = False) -> Claim | None:
    """Step 1, one short transaction: lock, check due, claim for a while, lease a slot."""
    entry = SocialAccount.objects.filter(pk=entry_id, status__in=WATCHED_STATUSES).first()
    adapter = adapter_for(entry.platform) if entry else None
    if adapter is None:
        return None
    WatchState.objects.get_or_create(entry=entry)
    with transaction.atomic():
        state = WatchState.objects.select_for_update(skip_locked=True).filter(entry=entry).first()
        if state is None or not (even_if_not_due or _is_due(state)):
            return None
        slot = limits.take_slot(entry.platform)
        if slot is None:
            return None
        state.next_check_at = timezone.now() + limits.claim_duration()
        state.save(update_fields=["next_check_at"])
    return Claim(entry, adapter, slot)


def _is_due(state: WatchState) -> bool:
    return state.next_check_at is None or state.next_check_at <= timezone.now()


def read(found: Claim) -> Reading:
    """Step 2, outside any transaction: wait for the platform's rate slot, then ask it."""
    try:
        limits.wait_for_slot(found.entry.platform)
        return Reading(*look_up(found.adapter, found.entry))
    except Exception as exc:  # a platform answer must never kill a worker
        return Reading(error=exc)


def look_up(adapter, entry: SocialAccount) -> tuple[Seen, Seen | None]:
    """Ask the platform under the handle, and by the permanent id when the handle is gone; an
    answer about another account than the one asked for is a failed check, not evidence."""
    by_handle = adapter.by_handle(entry.handle)
    if by_handle.exists and by_handle.handle and by_handle.handle != entry.handle.lower():
        raise FetchError("bad_answer", "the answer names another handle than the one asked")
    known = entry.platform_account_id
    by_id = None
    if known and adapter.by_id and not by_handle.exists:
        by_id = adapter.by_id(known)
        if by_id.exists and by_id.account_id != known:
            raise FetchError("bad_answer", "the answer names another account than the one asked")
        if by_id.exists and by_id.handle:
            _check_new_handle(adapter, by_id)
    return by_handle, by_id


def _check_new_handle(adapter, by_id: Seen) -> None:
    """Both directions: a new handle counts only when it leads back to the account."""
    back = adapter.by_handle(by_id.handle)
    if not back.exists or back.account_id != by_id.account_id:
        raise FetchError("bad_answer", "the new handle does not lead back to the account")


def record_reading(
    entry: SocialAccount, reading: Reading, *, pushed: str = "", at=None
) -> Observation:
    """Step 3: store what was read (or why it could not be) and act on it; `at` only replays
    a simulated time (the benchmark)."""
    entry.refresh_from_db()
    if reading.error is not None:
        return _record_failure(entry, reading.error, at=at)
    with transaction.atomic():
        state = WatchState.objects.select_for_update().get(entry=entry)
        return record(entry, state, reading.by_handle, reading.by_id, at=at, pushed=pushed)


def record(
    entry, state: WatchState, by_handle: Seen, by_id: Seen | None, *, at=None, pushed: str = ""
) -> Observation:
    """Store what was seen and act on it; `at` only replays a known past (the demo's story).
    A takeover is stored in its own savepoint: if its evidence cannot be stored, the suspension
    is made again without it, and commits."""
    verdict = findings.classify(entry, state, by_handle, by_id)
    seen = {"by_handle": by_handle.as_dict()}
    if by_id is not None:
        seen["by_id"] = by_id.as_dict()
    if verdict.kind != Observation.Kind.TAKEOVER:
        return _store(entry, state, verdict, seen, by_handle, at, pushed)
    try:
        with transaction.atomic():
            return _store(entry, state, verdict, seen, by_handle, at, pushed)
    except Exception:  # whatever failed, the suspension must not be undone
        log.exception("watch: the evidence of a takeover of entry %s was not stored", entry.pk)
        state.refresh_from_db()
        with transaction.atomic():
            return _store(entry, state, verdict, {}, by_handle, at, pushed)


def _store(
    entry, state: WatchState, verdict, seen: dict, by_handle: Seen, at, pushed: str
) -> Observation:
    now = at or timezone.now()
    acting = findings.confirmed(state, verdict, now, pushed=pushed)
    observation = Observation.objects.create(
        entry=entry,
        kind=verdict.kind if acting else Observation.Kind.UNCONFIRMED,
        suspected="" if acting else verdict.kind,
        seen=seen,
        changes=verdict.changes,
        created_at=now,
    )
    if acting:
        findings.act_on(entry, state, verdict, observation)
        findings.settle(entry, state, by_handle)
    state.failures = 0
    state.last_checked_at = now
    state.next_check_at = now + limits.next_read_in(entry.platform, confirming=not acting)
    state.save()
    return observation


def _record_failure(entry, exc: Exception, *, at=None) -> Observation:
    """A failed check: recorded, retried with backoff; `at` only replays (the benchmark)."""
    if isinstance(exc, FetchError):
        error, retry_after = str(exc), exc.retry_after
        if exc.kind == "rate_limited":
            limits.pause(entry.platform, retry_after)  # for every worker, not just this entry
    else:
        log.error("watch: unexpected failure checking entry %s: %r", entry.pk, exc)
        error, retry_after = f"bad_answer: {type(exc).__name__}", None
    with transaction.atomic():
        state = WatchState.objects.select_for_update().get(entry=entry)
        error = scrub(error, multiline=False, limit=300)
        observation = Observation.objects.create(
            entry=entry, kind=Observation.Kind.FAILED, error=error, created_at=at or timezone.now()
        )
        state.failures += 1
        state.last_checked_at = observation.created_at
        state.next_check_at = observation.created_at + limits.backoff(
            state.failures, entry.platform, retry_after
        )
        state.save()
    return observation
