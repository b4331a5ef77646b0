"""E-mails of the register, sent from `transaction.on_commit`: a rolled-back move sends none."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from accounts.text import render_subject
from registry.models import Move, ReviewEvent, SocialAccount

log = logging.getLogger(__name__)

# Moves the ministry hears about, and moves the central unit hears about.
TO_MINISTRY = {
    Move.REQUEST_CHANGES,
    Move.VERIFY,
    Move.REJECT,
    Move.SUSPEND,
    Move.REINSTATE,
    Move.CLOSE,
    Move.RECERTIFY,
}
TO_REVIEWERS = {Move.SUBMIT, Move.REOPEN, Move.CONFIRM}


def send_for_event(event_pk: int) -> int:
    """Send the e-mails one event calls for; returns how many went out."""
    event = ReviewEvent.objects.select_related("entry__service__ministry", "actor").get(pk=event_pk)
    entry = event.entry
    if event.move in TO_MINISTRY and not _closed_by_ministry(event):
        return _send(event, ministry_recipients(entry), "decision", entry.ministry.language)
    if event.move in TO_REVIEWERS:
        return _send(event, reviewer_recipients(entry), "submission", settings.LANGUAGE_CODE)
    return 0


def send_reminder(entry: SocialAccount, days_before: int) -> int:
    """A re-certification reminder to the ministry (days_before 0: the review is overdue)."""
    with translation.override(entry.ministry.language):
        context = {
            "entry": entry,
            "days_before": days_before,
            "link": entry_link(entry, for_reviewers=False),
        }
        subject = render_subject("emails/reminder_subject.txt", context)
        body = render_to_string("emails/reminder_body.txt", context)
    return _deliver(subject, body, ministry_recipients(entry))


def _closed_by_ministry(event: ReviewEvent) -> bool:
    from registry.permissions import can_edit

    actor = event.actor
    return event.move == Move.CLOSE and actor is not None and can_edit(actor, event.entry)


def ministry_recipients(entry: SocialAccount) -> list[str]:
    """Members who may edit the entry, and the managing team's functional mailbox."""
    # One filter() call: the ministry and the agency must hold for the same membership.
    same_scope = Q(memberships__agency__isnull=True)
    if entry.agency_id:
        same_scope |= Q(memberships__agency=entry.agency_id)
    members = get_user_model().objects.filter(
        same_scope, is_active=True, memberships__ministry=entry.service.ministry_id
    )
    addresses = {u.email for u in members}
    if entry.team_email:
        addresses.add(entry.team_email)
    return sorted(addresses)


def reviewer_recipients(entry: SocialAccount) -> list[str]:
    """The central unit, except anyone in the entry's own ministry."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[REVIEWERS, CENTRAL_ADMINS])
        .exclude(memberships__ministry=entry.service.ministry_id)
        .distinct()
    )
    return sorted({u.email for u in users})


def entry_link(entry: SocialAccount, *, for_reviewers: bool) -> str:
    name = "review:entry" if for_reviewers else "workspace:entry"
    return settings.SITE_URL + reverse(name, args=[entry.pk])


def _send(event: ReviewEvent, recipients: list[str], kind: str, language: str) -> int:
    if not recipients:
        return 0
    with translation.override(language):
        context = {
            "event": event,
            "entry": event.entry,
            "link": entry_link(event.entry, for_reviewers=kind == "submission"),
        }
        subject = render_subject(f"emails/{kind}_subject.txt", context)
        body = render_to_string(f"emails/{kind}_body.txt", context)
    sent = _deliver(subject, body, recipients)
    log.info("sent %s e-mails for event %s (%s)", sent, event.pk, event.move)
    return sent


def _deliver(subject: str, body: str, recipients: list[str]) -> int:
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
