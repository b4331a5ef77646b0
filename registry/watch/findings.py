"""What an answer of a platform means for an entry, and what the registry does about it.

`classify()` compares what the platform says now with what the registry knows (the permanent
id, the last answer, the open finding) and names the change. `confirmed()` is the rule of
evidence: a change other than a takeover is acted on only once the same observation was made on
`WATCH_CONFIRM_READS` consistent reads, each at least `WATCH_CONFIRM_SECONDS` after the one
before; until then it is recorded as "not yet confirmed" and changes nothing else. A takeover (the
handle answers, in the platform's well-formed answer, with another permanent id than the one
verified) is unambiguous and acted on at once.

`act_on()` does what a confirmed change calls for, in the caller's transaction: a takeover
suspends a verified entry through the workflow (actor "the watch") with a public notice; a
rename or a confirmed absence changes the public answer (never "official" again until it is
withdrawn); later reads that contradict a finding withdraw it (`RESTORED`); every finding opens
a queue item on the entry's `WatchState`; e-mails leave after commit; every change to a public
answer goes through `registry.public_changes.record_public_change`. A condition already known
(the same new handle, still gone) is recorded as "no change" and acts only once.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry import emails, workflow
from registry.exports import bluesky_verifier
from registry.models import (
    Finding,
    Move,
    Observation,
    PublicChange,
    SocialAccount,
    Status,
    WatchState,
)
from registry.notices import in_each_language
from registry.public_changes import record_public_change
from registry.watch.platforms import Seen

K = Observation.Kind
# A finding never hides a worse one still open.
RANK = {"": 0, Finding.PROFILE: 1, Finding.GONE: 2, Finding.RENAMED: 3, Finding.TAKEOVER: 4}
# What needs consistent reads before anything is done about it (a takeover does not).
NEEDS_CONFIRMATION = (K.RENAMED, K.GONE, K.PROFILE, K.RESTORED)
# The findings later reads can contradict, which the watch then withdraws by itself. (A takeover
# suspended the entry: giving it back is the central unit's decision.)
WITHDRAWABLE = (Finding.RENAMED, Finding.GONE)


@dataclass
class Verdict:
    kind: str
    changes: dict = field(default_factory=dict)
    new_handle: str = ""


def classify(
    entry: SocialAccount, state: WatchState, by_handle: Seen, by_id: Seen | None
) -> Verdict:
    known = entry.platform_account_id
    if by_handle.exists and known and by_handle.account_id and by_handle.account_id != known:
        return _once(
            state.handle_lost_at and not state.pending_handle,
            K.TAKEOVER,
            {"account_id": [known, by_handle.account_id]},
        )
    if not by_handle.exists:
        if by_id is not None and by_id.exists:
            moved = by_id.handle  # "" when the platform does not say (YouTube's feed)
            known_already = state.handle_lost_at is not None and state.pending_handle == moved
            return _once(known_already, K.RENAMED, {"handle": [entry.handle, moved or "?"]}, moved)
        return _once(state.gone_confirmed_at is not None, K.GONE, {"exists": [True, False]})
    if _contradicts_finding(state):
        return Verdict(K.RESTORED, {"finding": [state.finding, ""]})
    if not known and by_handle.account_id:
        return Verdict(K.FIRST, {"account_id": ["", by_handle.account_id]})
    return _profile_verdict(state.last_seen, by_handle)


def _contradicts_finding(state: WatchState) -> bool:
    """The handle answers for the verified account (the caller checked): an open rename or
    absence is contradicted."""
    if state.finding == Finding.TAKEOVER:
        return False
    return state.finding in WITHDRAWABLE or bool(state.gone_confirmed_at or state.handle_lost_at)


def _once(known_already, kind, changes, new_handle: str = "") -> Verdict:
    return Verdict(K.UNCHANGED) if known_already else Verdict(kind, changes, new_handle)


def _mentions_official(text: str) -> bool:
    lowered = (text or "").lower()
    return any(phrase in lowered for phrase in settings.WATCH_OFFICIAL_PHRASES)


def _profile_verdict(last: dict, now: Seen) -> Verdict:
    if not last.get("exists"):
        return Verdict(K.UNCHANGED)
    changes = {}
    if last.get("display_name", "") != now.display_name:
        changes["display_name"] = [last.get("display_name", ""), now.display_name]
    before = last.get("display_name", "") + " " + last.get("text", "")
    if _mentions_official(before) and not _mentions_official(now.display_name + " " + now.text):
        changes["text"] = [last.get("text", ""), now.text]
    return Verdict(K.PROFILE, changes) if changes else Verdict(K.UNCHANGED)


def confirmed(
    state: WatchState, verdict: Verdict, now: datetime.datetime, *, pushed: str = ""
) -> bool:
    """Whether `verdict` may be acted on now; counts this read towards its confirmation.

    The same observation (kind and changes) on consecutive reads counts once per
    `WATCH_CONFIRM_SECONDS`; a read that sees something else starts again from it; a failed read
    is no evidence either way (the caller does not come here). A read that sees what the
    platform's own push stream announced (`pushed`: its kind) is the second, independent
    direction of evidence: it confirms at once."""
    if verdict.kind not in NEEDS_CONFIRMATION or verdict.kind == pushed:
        forget_suspicion(state)
        return True
    same = state.suspected == verdict.kind and state.suspected_changes == verdict.changes
    spacing = datetime.timedelta(seconds=settings.WATCH_CONFIRM_SECONDS)
    if verdict.kind in (K.GONE, K.RENAMED) and platform_in_outage(state.entry.platform, now):
        same = False  # no evidence while the platform loses everyone: the count starts again
    if not same:
        state.suspected, state.suspected_changes = verdict.kind, verdict.changes
        state.suspected_reads, state.suspected_at = 1, now
    elif state.suspected_at is None or now - state.suspected_at >= spacing:
        state.suspected_reads += 1
        state.suspected_at = now
    if state.suspected_reads >= settings.WATCH_CONFIRM_READS:
        forget_suspicion(state)
        return True
    return False


# A platform is in an outage, not losing accounts, when over this share of its recent reads (at
# least OUTAGE_MIN_READS of them) found an account missing or moved.
OUTAGE_SHARE, OUTAGE_MIN_READS = 0.2, 20
LOST = (K.GONE, K.RENAMED)


def platform_in_outage(platform: str, now: datetime.datetime) -> bool:
    """Whether many of the platform's accounts went missing at once in the last hour (or three
    confirmation spacings): a maintenance window or a regional outage answering "not found"
    for everyone. Its "not found" answers are then no evidence; they count again after."""
    window = datetime.timedelta(seconds=max(3600, 3 * settings.WATCH_CONFIRM_SECONDS))
    looks = Observation.objects.filter(
        entry__platform=platform, created_at__gt=now - window, created_at__lte=now
    ).exclude(kind__in=(K.PROOF, K.FAILED))
    total = looks.count()
    if total < OUTAGE_MIN_READS:
        return False
    lost = looks.filter(Q(kind__in=LOST) | Q(suspected__in=LOST)).count()
    return lost > OUTAGE_SHARE * total


def forget_suspicion(state: WatchState) -> None:
    state.suspected, state.suspected_changes = "", {}
    state.suspected_reads, state.suspected_at = 0, None


def act_on(entry: SocialAccount, state: WatchState, verdict: Verdict, observation: Observation):
    """Do what a confirmed verdict calls for (inside the record's transaction)."""
    now = observation.created_at
    if verdict.kind == K.FIRST:
        record_first_id(entry, verdict.changes["account_id"][1])
    elif verdict.kind == K.TAKEOVER:
        _takeover(entry, state, observation, now)
    elif verdict.kind == K.RENAMED:
        _renamed(entry, state, verdict, observation)
    elif verdict.kind == K.GONE:
        _gone(entry, state, now)
    elif verdict.kind == K.RESTORED:
        withdraw(entry, state)
    elif verdict.kind == K.PROFILE:
        _open(state, entry, Finding.PROFILE, now)
    _ask_to_close_if_long_gone(entry, state, now)


def record_first_id(entry: SocialAccount, account_id: str) -> None:
    """The first permanent id the watch reads is kept; a stored one is never replaced here."""
    written = SocialAccount.objects.filter(pk=entry.pk, platform_account_id="").update(
        platform_account_id=account_id
    )
    if written:
        entry.platform_account_id = account_id
        record_public_change(entry, PublicChange.UPDATED)  # the id answers the verify API


def _renamed(entry: SocialAccount, state: WatchState, verdict: Verdict, observation) -> None:
    now = observation.created_at
    state.pending_handle = verdict.new_handle
    state.handle_lost_at = state.handle_lost_at or now
    _open(state, entry, Finding.RENAMED, now)
    if entry.status != Status.CLOSED:
        emails.handle_changed(entry.pk, observation.pk)  # queued in this transaction
    record_public_change(entry, PublicChange.HANDLE_CHANGED)


def _gone(entry: SocialAccount, state: WatchState, now) -> None:
    state.gone_since = state.gone_since or now
    state.gone_confirmed_at = now
    _open(state, entry, Finding.GONE, now)
    record_public_change(entry, PublicChange.GONE)


def withdraw(entry: SocialAccount, state: WatchState) -> None:
    """Later reads contradicted the open finding: the watch withdraws it, and the public answer
    is the entry's own again."""
    clear_finding(state)
    record_public_change(entry, PublicChange.RESTORED)


def clear_finding(state: WatchState) -> None:
    """Forget the open finding and what it did to the public answer (the watch withdrawing it,
    or a reviewer's "mark as handled", `Move.WATCH_HANDLED`). A takeover's lost handle stays
    known: the entry stays suspended until the central unit decides."""
    if state.finding != Finding.TAKEOVER:
        state.handle_lost_at = None
    state.finding, state.finding_since, state.pending_handle = "", None, ""
    state.gone_since = state.gone_confirmed_at = state.close_requested_at = None
    forget_suspicion(state)


def _open(state: WatchState, entry: SocialAccount, finding: str, now) -> None:
    if entry.status == Status.CLOSED and finding != Finding.TAKEOVER:
        return  # a closed entry's account may rename or vanish: only a takeover matters
    if RANK[finding] >= RANK[state.finding]:
        state.finding, state.finding_since = finding, now


def _takeover_notice(now) -> str:
    """The public notice of a takeover, in the active language (a template, not a person's)."""
    return _(
        "This handle no longer belongs to the account the registry verified: another "
        "account took it on %(date)s. Do not trust what it publishes."
    ) % {"date": date_format(timezone.localtime(now), "DATE_FORMAT")}


def _takeover(entry: SocialAccount, state: WatchState, observation: Observation, now) -> None:
    state.handle_lost_at = now
    state.pending_handle = ""
    _open(state, entry, Finding.TAKEOVER, now)
    if entry.status == Status.VERIFIED:
        notices = in_each_language(lambda: _takeover_notice(now))
        notice = notices[settings.LANGUAGE_CODE]
        workflow.watch_apply(entry, Move.WATCH_SUSPEND, message=notice, at=now, notices=notices)
    emails.takeover(entry.pk, observation.pk)  # queued in this transaction
    if entry.status != Status.VERIFIED:  # a verified one was suspended through the table
        record_public_change(entry, PublicChange.TAKEOVER)


def _ask_to_close_if_long_gone(entry: SocialAccount, state: WatchState, now) -> None:
    if state.gone_confirmed_at is None or state.close_requested_at:
        return
    if entry.status == Status.CLOSED:
        return
    if (now - state.gone_since).days >= settings.WATCH_GONE_DAYS_BEFORE_CLOSE:
        state.close_requested_at = now
        emails.ask_to_close(entry.pk)  # queued in this transaction


def settle(entry: SocialAccount, state: WatchState, by_handle: Seen) -> None:
    """The account answers under its handle (again), and what it shows is confirmed: remember
    it as the profile to compare the next reads with."""
    known = entry.platform_account_id
    if by_handle.exists and (not known or by_handle.account_id in ("", known)):
        renamed = state.last_seen.get("display_name", "") != by_handle.display_name
        state.last_seen = by_handle.as_dict()
        if renamed:  # the verification record carries the profile's name: queued in this check
            bluesky_verifier.schedule_sync(entry)
