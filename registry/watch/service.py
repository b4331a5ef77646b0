"""The watch: which entries are due, checking one, checking them all, the proof of control.

`run_due_checks()` checks every due entry now, in this process (the `watch_accounts` command,
or the daily schedule on a single machine); `enqueue_due_checks()` puts one `check_entry_task`
per due entry on the job queue instead, for any number of workers. A check locks the entry's
watch state with SKIP LOCKED, so two workers never check one entry at once.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

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
        elif observation.kind != Observation.Kind.UNCHANGED:
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


def _is_due(state: WatchState) -> bool:
    return state.next_check_at is None or state.next_check_at <= timezone.now()


def look_up(adapter, entry: SocialAccount) -> tuple[Seen, Seen | None]:
    """Ask the platform under the handle, and by the permanent id when the handle disagrees."""
    by_handle = adapter.by_handle(entry.handle)
    known = entry.platform_account_id
    by_id = None
    if known and adapter.by_id and (not by_handle.exists or by_handle.account_id != known):
        by_id = adapter.by_id(known)
    return by_handle, by_id


def check_entry(entry_id: int, *, even_if_not_due: bool = False) -> Observation | None:
    """Check one entry; None when it is not watched, not due (a job queued twice), or another
    worker is checking it right now."""
    entry = SocialAccount.objects.filter(pk=entry_id, status__in=WATCHED_STATUSES).first()
    adapter = adapter_for(entry.platform) if entry else None
    if adapter is None:
        return None
    WatchState.objects.get_or_create(entry=entry)
    limits.wait_for_slot(entry.platform)
    with transaction.atomic():
        state = WatchState.objects.select_for_update(skip_locked=True).filter(entry=entry).first()
        if state is None or not (even_if_not_due or _is_due(state)):
            return None
        if not limits.take_concurrency_slot(entry.platform):
            return None
        entry.refresh_from_db()
        try:
            by_handle, by_id = look_up(adapter, entry)
        except Exception as exc:  # a platform answer must never kill a worker
            return _record_failure(entry, state, exc)
        return record(entry, state, by_handle, by_id)


def record(
    entry, state: WatchState, by_handle: Seen, by_id: Seen | None, *, at=None
) -> Observation:
    """Store what was seen and act on it; `at` only replays a known past (the demo's story)."""
    verdict = findings.classify(entry, state, by_handle, by_id)
    seen = {"by_handle": by_handle.as_dict()}
    if by_id is not None:
        seen["by_id"] = by_id.as_dict()
    observation = Observation.objects.create(
        entry=entry,
        kind=verdict.kind,
        seen=seen,
        changes=verdict.changes,
        created_at=at or timezone.now(),
    )
    findings.act_on(entry, state, verdict, observation)
    findings.settle(entry, state, by_handle)
    now = observation.created_at
    state.failures = 0
    state.last_checked_at = now
    state.next_check_at = now + limits.check_interval(entry.platform)
    state.save()
    return observation


def _record_failure(entry, state: WatchState, exc: Exception) -> Observation:
    if isinstance(exc, FetchError):
        error, retry_after = str(exc), exc.retry_after
    else:
        log.exception("watch: unexpected failure checking entry %s", entry.pk)
        error, retry_after = f"bad_answer: {type(exc).__name__}", None
    observation = Observation.objects.create(
        entry=entry, kind=Observation.Kind.FAILED, error=error[:300]
    )
    state.failures += 1
    state.last_checked_at = observation.created_at
    state.next_check_at = observation.created_at + limits.backoff(
        state.failures, entry.platform, retry_after
    )
    state.save()
    return observation
