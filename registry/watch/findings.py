"""What an answer of a platform means for an entry, and what the registry does about it.

`classify()` compares what the platform says now with what the registry knows (the permanent
id, the last answer) and names the change. `act_on()` does what the change calls for, in the
caller's transaction: a takeover suspends a verified entry through the workflow (actor "the
watch") with a public notice; every finding opens a queue item on the entry's `WatchState`;
e-mails leave after commit. A condition already known (the same new handle, still gone) is
recorded as "no change" and acts only once.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registry import bluesky_verifier, emails, workflow
from registry.models import (
    Finding,
    Move,
    Observation,
    PublicChange,
    SocialAccount,
    Status,
    WatchState,
)
from registry.public_changes import record_public_change
from registry.watch.platforms import Seen

K = Observation.Kind
# A finding never hides a worse one still open.
RANK = {"": 0, Finding.PROFILE: 1, Finding.GONE: 2, Finding.RENAMED: 3, Finding.TAKEOVER: 4}


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
        return _once(state.gone_since is not None, K.GONE, {"exists": [True, False]})
    if not known and by_handle.account_id:
        return Verdict(K.FIRST, {"account_id": ["", by_handle.account_id]})
    return _profile_verdict(state.last_seen, by_handle)


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


def act_on(entry: SocialAccount, state: WatchState, verdict: Verdict, observation: Observation):
    """Do what the verdict calls for (inside the check's transaction)."""
    now = observation.created_at
    if verdict.kind == K.FIRST:
        SocialAccount.objects.filter(pk=entry.pk).update(
            platform_account_id=verdict.changes["account_id"][1]
        )
    elif verdict.kind == K.TAKEOVER:
        _takeover(entry, state, observation, now)
    elif verdict.kind == K.RENAMED:
        state.pending_handle = verdict.new_handle
        state.handle_lost_at = state.handle_lost_at or now
        _open(state, entry, Finding.RENAMED, now)
        if entry.status != Status.CLOSED:
            emails.handle_changed(entry.pk, observation.pk)  # queued in this transaction
        record_public_change(entry, PublicChange.HANDLE_CHANGED)
    elif verdict.kind == K.GONE:
        state.gone_since = now
        _open(state, entry, Finding.GONE, now)
    elif verdict.kind == K.PROFILE:
        _open(state, entry, Finding.PROFILE, now)
    _ask_to_close_if_long_gone(entry, state, now)


def _open(state: WatchState, entry: SocialAccount, finding: str, now) -> None:
    if entry.status == Status.CLOSED and finding != Finding.TAKEOVER:
        return  # a closed entry's account may rename or vanish: only a takeover matters
    if RANK[finding] >= RANK[state.finding]:
        state.finding, state.finding_since = finding, now


def _takeover(entry: SocialAccount, state: WatchState, observation: Observation, now) -> None:
    state.handle_lost_at = now
    state.pending_handle = ""
    _open(state, entry, Finding.TAKEOVER, now)
    if entry.status == Status.VERIFIED:
        with translation.override(settings.LANGUAGE_CODE):
            notice = _(
                "This handle no longer belongs to the account the registry verified: another "
                "account took it on %(date)s. Do not trust what it publishes."
            ) % {"date": timezone.localtime(now).strftime("%d.%m.%Y")}
        workflow.watch_apply(entry, Move.WATCH_SUSPEND, message=notice, at=now)
    emails.takeover(entry.pk, observation.pk)  # queued in this transaction
    if entry.status != Status.VERIFIED:  # a verified one was suspended through the table
        record_public_change(entry, PublicChange.TAKEOVER)


def _ask_to_close_if_long_gone(entry: SocialAccount, state: WatchState, now) -> None:
    if state.gone_since is None or state.close_requested_at or entry.status == Status.CLOSED:
        return
    if (now - state.gone_since).days >= settings.WATCH_GONE_DAYS_BEFORE_CLOSE:
        state.close_requested_at = now
        emails.ask_to_close(entry.pk)  # queued in this transaction


def settle(entry: SocialAccount, state: WatchState, by_handle: Seen) -> None:
    """The account answers under its handle (again): remember it; it is no longer gone."""
    known = entry.platform_account_id
    if by_handle.exists and (not known or by_handle.account_id in ("", known)):
        state.gone_since = state.close_requested_at = None
        renamed = state.last_seen.get("display_name", "") != by_handle.display_name
        state.last_seen = by_handle.as_dict()
        if renamed:  # the verification record carries the profile's name: queued in this check
            bluesky_verifier.schedule_sync(entry)
