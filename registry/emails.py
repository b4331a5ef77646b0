"""E-mails of the register. Called from `transaction.on_commit`, so a rolled-back move sends nothing."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.roles import CENTRAL_ADMINS, REVIEWERS
from registry.models import Move, ReviewEvent, SocialAccount

log = logging.getLogger(__name__)

# Moves the ministry hears about, and moves the central unit hears about.
TO_MINISTRY = {
    Move.REQUEST_CHANGES, Move.VERIFY, Move.REJECT, Move.SUSPEND, Move.REINSTATE,
    Move.CLOSE, Move.RECERTIFY,
}
TO_REVIEWERS = {Move.SUBMIT, Move.REOPEN, Move.CONFIRM}


def send_for_event(event_pk: int) -> int:
    """Send the e-mails one event calls for; returns how many went out."""
    event = ReviewEvent.objects.select_related("entry__service__ministry", "actor").get(pk=event_pk)
    if event.move in TO_MINISTRY and not _closed_by_ministry(event):
        return _send(event, ministry_recipients(event.entry), "decision", event.entry.ministry.language)
    if event.move in TO_REVIEWERS:
        return _send(event, reviewer_recipients(event.entry), "submission", settings.LANGUAGE_CODE)
    return 0


def _closed_by_ministry(event: ReviewEvent) -> bool:
    from registry.permissions import can_edit

    return event.move == Move.CLOSE and event.actor is not None and can_edit(event.actor, event.entry)


def ministry_recipients(entry: SocialAccount) -> list[str]:
    """Members who may edit the entry, and the managing team's functional mailbox."""
    members = get_user_model().objects.filter(
        is_active=True, memberships__ministry=entry.service.ministry_id
    ).filter(Q(memberships__agency__isnull=True) | Q(memberships__agency=entry.agency_id))
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
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"emails/{kind}_body.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    sent = send_mass_mail(messages, fail_silently=False)
    log.info("sent %s e-mails for event %s (%s)", sent, event.pk, event.move)
    return sent
