"""E-mails of the register, queued in the outbox in the transaction of the change that causes
them (a rolled-back move queues none) and sent by the job queue (see outbox/tasks.py).

Each e-mail is written for its reader and its event (one template per kind, a paragraph per
move), in the reader's language: a person's own, a functional mailbox's ministry's. Someone
invited who has not chosen a password yet is not written to about entries.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from accounts.text import render_subject
from outbox.tasks import queue_email
from registry.conversation import conversation
from registry.models import Report, ReviewEvent, SocialAccount
from registry.models.scope import memberships_covering, people_conflicting

log = logging.getLogger(__name__)

CONVERSATION_LENGTH = 6  # the latest messages an e-mail quotes

# A reader: (address, language of the e-mail).
Reader = tuple[str, str]


def send_for_event(event_pk: int) -> int:
    """Send the e-mails one event calls for; returns how many went out."""
    from registry.workflow.table import TRANSITIONS, Audience  # the table imports this module

    event = ReviewEvent.objects.select_related("entry__service__ministry", "actor").get(pk=event_pk)
    rule = TRANSITIONS.get(event.move)
    sent = 0
    for audience in sorted(rule.tells) if rule else []:
        if audience == Audience.OTHER_SIDE and _made_by_ministry(event):
            # the ministry closed it: the whole central unit hears, in its own words
            sent += _send(event, central_unit_readers(event.entry), f"{event.move}_by_ministry")
        elif audience in (Audience.MINISTRY, Audience.OTHER_SIDE):
            sent += _send(event, ministry_readers(event.entry), "decision")
        else:
            sent += _send(event, submission_readers(event.entry), "submission")
    return sent


def send_reminder(entry: SocialAccount, days_before: int) -> int:
    """A re-certification reminder to the ministry (days_before 0: the review is overdue)."""
    sent = 0
    for language, addresses in _by_language(ministry_readers(entry)).items():
        with translation.override(language):
            context = {
                "entry": entry,
                "days_before": days_before,
                "link": entry_link(entry, for_reviewers=False),
            }
            subject = render_subject("emails/reminder_subject.txt", context)
            body = render_to_string("emails/reminder_body.txt", context)
        key = f"reminder:{entry.pk}:{entry.next_review_due}:{days_before}"
        sent += _deliver(subject, body, addresses, key=key, language=language)
    return sent


def send_report_outcome(report_pk: int) -> int:
    """Tell the citizen who left an address what the central unit made of the report."""
    report = Report.objects.select_related("entry").get(pk=report_pk)
    if not report.reporter_email or report.status == Report.Status.OPEN:
        return 0
    language = report.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "report": report,
            "entry": report.entry if _is_public(report.entry) else None,
            "site": settings.SITE_URL,
            "verify_link": settings.SITE_URL
            + reverse("public:verify")
            + "?"
            + urlencode({"url": report.url}),
        }
        subject = render_subject("emails/report_outcome_subject.txt", context)
        body = render_to_string("emails/report_outcome_body.txt", context)
    key = f"report:{report.pk}:outcome"
    return _deliver(subject, body, [report.reporter_email], key=key, language=language)


def _is_public(entry: SocialAccount | None) -> bool:
    return entry is not None and entry.is_public


def _made_by_ministry(event: ReviewEvent) -> bool:
    from registry.permissions import can_edit

    return event.actor is not None and can_edit(event.actor, event.entry)


def _people():
    """Active people who have chosen a password (an invitation still pending is not one)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )


def ministry_readers(entry: SocialAccount) -> list[Reader]:
    """Members who may edit the entry, and the managing team's functional mailbox."""
    covering = memberships_covering(entry.service.ministry_id, entry.agency_id, "memberships__")
    members = _people().filter(covering)  # one filter(): both hold for the same membership
    readers = {u.email: u.language for u in members}
    if entry.team_email and entry.team_email not in readers:
        readers[entry.team_email] = entry.ministry.language
    return sorted(readers.items())


def central_unit_readers(entry: SocialAccount) -> list[Reader]:
    """The central unit, except anyone in the entry's own ministry."""
    users = (
        _people()
        .filter(groups__name__in=[REVIEWERS, CENTRAL_ADMINS])
        .exclude(people_conflicting(entry.service.ministry_id))
        .distinct()
    )
    return sorted({(u.email, u.language) for u in users})


def submission_readers(entry: SocialAccount) -> list[Reader]:
    """The reviewer the entry is assigned to, if any may still decide it; else the whole unit."""
    unit = central_unit_readers(entry)
    assignee = entry.assigned_reviewer
    if assignee is not None and any(address == assignee.email for address, _ in unit):
        return [(assignee.email, assignee.language)]
    return unit


def ministry_recipients(entry: SocialAccount) -> list[str]:
    return [address for address, _ in ministry_readers(entry)]


def reviewer_recipients(entry: SocialAccount) -> list[str]:
    return [address for address, _ in central_unit_readers(entry)]


def entry_link(entry: SocialAccount, *, for_reviewers: bool) -> str:
    name = "review:entry" if for_reviewers else "workspace:entry"
    return settings.SITE_URL + reverse(name, args=[entry.pk])


def _by_language(readers: list[Reader]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for address, language in readers:
        grouped.setdefault(language or settings.LANGUAGE_CODE, []).append(address)
    return grouped


def _send(event: ReviewEvent, readers: list[Reader], kind: str) -> int:
    sent = 0
    earlier = [e for e in conversation(event.entry, last=CONVERSATION_LENGTH) if e.pk != event.pk]
    for language, addresses in _by_language(readers).items():
        with translation.override(language):
            context = {
                "event": event,
                "entry": event.entry,
                "earlier": earlier,
                "link": entry_link(event.entry, for_reviewers=kind != "decision"),
            }
            subject = render_subject(f"emails/{kind}_subject.txt", context)
            body = render_to_string(f"emails/{kind}_body.txt", context)
        key = f"event:{event.pk}:{kind}"
        sent += _deliver(subject, body, addresses, key=key, language=language)
    log.info("queued %s e-mails for event %s (%s)", sent, event.pk, event.move)
    return sent


def _deliver(subject: str, body: str, recipients: list[str], *, key: str, language: str) -> int:
    """One e-mail per recipient into the outbox, each under `key:recipient` (idempotent)."""
    queued = [
        queue_email(key=f"{key}:{to}", to=to, subject=subject, body=body, language=language)
        for to in recipients
    ]
    return sum(1 for email in queued if email is not None and email.status == email.Status.QUEUED)


# --- The watch (registry/watch/): what it found, to whom it matters. ---------------------------


def _watch_context(entry_pk: int, observation_pk: int | None = None):
    from registry.models import Observation

    entry = SocialAccount.objects.select_related("service__ministry").get(pk=entry_pk)
    observation = Observation.objects.get(pk=observation_pk) if observation_pk else None
    return entry, observation


def _watch_mail(template: str, entry, readers: list[Reader], *, key: str, **extra) -> int:
    """Queue one e-mail per reader's language; `for_reviewers` picks the link's page."""
    sent = 0
    for language, addresses in _by_language(readers).items():
        with translation.override(language):
            link = entry_link(entry, for_reviewers=template == "watch_takeover")
            context = {"entry": entry, "link": link, **extra}
            subject = render_subject(f"emails/{template}_subject.txt", context)
            body = render_to_string(f"emails/{template}_body.txt", context)
        sent += _deliver(subject, body, addresses, key=key, language=language)
    return sent


def takeover(entry_pk: int, observation_pk: int) -> int:
    """Urgent, to the central unit: the entry's handle now belongs to another account."""
    entry, observation = _watch_context(entry_pk, observation_pk)
    before, after = observation.changes.get("account_id", ["", ""])
    return _watch_mail(
        "watch_takeover",
        entry,
        central_unit_readers(entry),
        key=f"watch:{observation_pk}:takeover",
        before=before,
        after=after,
    )


def handle_changed(entry_pk: int, observation_pk: int) -> int:
    """To the ministry: the account now answers under another handle."""
    entry, observation = _watch_context(entry_pk, observation_pk)
    before, after = observation.changes.get("handle", ["", ""])
    return _watch_mail(
        "watch_renamed",
        entry,
        ministry_readers(entry),
        key=f"watch:{observation_pk}:renamed",
        before=before,
        after=after,
    )


def ask_to_close(entry_pk: int) -> int:
    """To the ministry: the account has been gone for days; close the entry if it is over."""
    entry, _observation = _watch_context(entry_pk)
    return _watch_mail(
        "watch_gone",
        entry,
        ministry_readers(entry),
        key=f"watch:{entry_pk}:ask-to-close",
        days=settings.WATCH_GONE_DAYS_BEFORE_CLOSE,
    )
