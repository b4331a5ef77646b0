"""What the registry said, as it stood then: from the log alone.

`as_of(link, at)` answers the verify question at a past moment: among the accounts whose log
entries named the link's key (handle, accepted alias, permanent id) up to `at`, the answer of
each one's last entry up to `at` that still names it, the live one first (as `verify_link`
ranks them). `timeline(entry)` is an account's public history, entry by entry.
"""

import datetime
import json
from dataclasses import dataclass

from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime

from registry.links import parse_account_url, permanent_id
from registry.models import Checkpoint, LogEntry, LogKey, PublicChange, SocialAccount
from registry.transparency import log

RANK = {"official": 0, "suspended": 1, "handle_changed": 2, "closed": 3, "not_registered": 4}


class InvalidMoment(ValueError):
    """`at=` is not an ISO 8601 date or date-time."""


def parse_moment(text: str) -> datetime.datetime:
    """An ISO 8601 date-time (UTC unless it says otherwise), or a date: the end of that day,
    UTC (what the register said on that day, last)."""
    text = text.strip()
    try:  # a date first: parse_datetime would read "2026-03-12" as its midnight
        day = parse_date(text) if len(text) == 10 else None
        moment = None if day else parse_datetime(text)
    except ValueError as error:
        raise InvalidMoment(text) from error
    if moment is None and day is None:
        raise InvalidMoment(text)
    if moment is None:
        moment = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


@dataclass(frozen=True)
class PastAnswer:
    result: str
    platform: str
    handle: str
    at: datetime.datetime
    log_entry: LogEntry | None

    @property
    def facts(self) -> dict | None:
        return json.loads(bytes(self.log_entry.leaf)) if self.log_entry else None

    @property
    def proof_size(self) -> int | None:
        """The size of the latest checkpoint when it holds the entry, else of the log."""
        if self.log_entry is None:
            return None
        signed = Checkpoint.objects.order_by("-size").values_list("size", flat=True).first()
        return signed if signed and signed > self.log_entry.index else log.size()

    @property
    def proof_url(self) -> str | None:
        if self.log_entry is None:
            return None
        index, size = self.log_entry.index, self.proof_size
        return f"{reverse('transparency:inclusion')}?index={index}&size={size}"


def as_of(text: str, at: datetime.datetime) -> PastAnswer:
    """Raises InvalidAccountURL for a link the parser refuses."""
    ref = parse_account_url(text)
    names = {ref.handle} | ({permanent_id(ref.platform, ref.handle)} - {None})
    seen = (
        LogKey.objects.filter(platform=ref.platform, key__in=names, log__created_at__lte=at)
        .values_list("log__entry_id", flat=True)
        .distinct()
    )
    answers = []
    for entry_id in list(seen)[:20]:
        last = (
            LogEntry.objects.filter(entry_id=entry_id, created_at__lte=at)
            .order_by("-index")
            .first()
        )
        facts = json.loads(bytes(last.leaf))
        if log.keys_of(facts) & names:
            answers.append((RANK.get(facts["status"], 5), -last.index, facts["status"], last))
    if not answers:
        return PastAnswer("not_registered", ref.platform, ref.handle, at, None)
    _rank, _index, result, entry = min(answers)
    return PastAnswer(result, ref.platform, ref.handle, at, entry)


@dataclass(frozen=True)
class Step:
    """One public change of an account, as the log holds it."""

    index: int
    when: datetime.datetime
    kind: PublicChange

    @property
    def entry_url(self) -> str:
        return f"{reverse('transparency:entries')}?start={self.index}&end={self.index + 1}"


def timeline(entry: SocialAccount) -> list[Step]:
    """Each public change of the entry, oldest first."""
    rows = LogEntry.objects.filter(entry=entry).order_by("index")
    return [
        Step(index, when, PublicChange(kind))
        for index, when, kind in rows.values_list("index", "created_at", "kind")
    ]
