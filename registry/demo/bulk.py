"""Many realistic public entries at once, for measuring the registry at scale (`seed_bulk`).

Entry number n is the account `bulk<n>` (zero-padded) on one of several platforms (its handle
contains it: LinkedIn says `company/bulk…`, YouTube `@bulk…`), so the
entries are recognisable, each (platform, handle) is unique, and asking again for the same N
creates nothing. Rows are written with `bulk_create`, one transaction per batch; each entry
has the events of its life (created, submitted, assigned, verified, then suspended or closed).
Checklists are not stored with these events: they measure size, not the review pages.
"""

import datetime
from collections.abc import Callable, Iterator
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Service
from registry import caching
from registry.demo.government import DEMO_PASSWORD, ensure_government, ensure_people
from registry.links import parse_account_url
from registry.models import Move, Reason, ReviewEvent, SocialAccount, Status

PREFIX = "bulk"
# How each platform writes a link to the account `bulk<n>`.
LINKS = [
    "https://x.com/{}",
    "https://www.facebook.com/{}",
    "https://www.instagram.com/{}/",
    "https://www.linkedin.com/company/{}/",
    "https://www.youtube.com/@{}",
    "https://www.tiktok.com/@{}",
    "https://bsky.app/profile/{}.bsky.social",
    "https://www.threads.net/@{}",
    "https://mastodon.social/@{}",
    "https://www.flickr.com/photos/{}/",
    "https://vimeo.com/{}",
    "https://t.me/{}",
    "https://github.com/{}",
]
LANGUAGES = [["lb", "fr"], ["fr", "de"], ["lb", "fr", "de", "en"], ["fr"], ["fr", "en"]]
PURPOSES = [
    "Informer le public des démarches et des échéances.",
    "Publier les communiqués et les actualités du service.",
    "Campagnes de prévention et informations pratiques.",
    "Offres d'emploi et vie du service.",
]
NOTICE = "Compte compromis : ne suivez aucun lien publié depuis le signalement."


def bulk_link(number: int) -> str:
    return LINKS[number % len(LINKS)].format(f"{PREFIX}{number:06d}")


def seed_bulk(total: int, *, batch_size: int = 5000, progress: Callable | None = None) -> int:
    """Make entries bulk1..bulk<total> exist; return how many were created."""
    ensure_government()
    # The actors of the bulk history; outside debug (a benchmark server) nobody can sign in as them.
    people = ensure_people(DEMO_PASSWORD if settings.DEBUG else None)
    services = list(Service.objects.select_related("ministry").order_by("slug"))
    existing = set(
        SocialAccount.objects.filter(handle__contains=PREFIX).values_list("platform", "handle")
    )
    refs = (parse_account_url(bulk_link(n)) for n in range(1, total + 1))
    missing = [
        (n, ref)
        for n, ref in enumerate(refs, start=1)
        if (ref.platform, ref.handle) not in existing
    ]
    done = 0
    for batch in _batches(missing, batch_size):
        _create_batch(batch, services, people)
        done += len(batch)
        if progress:
            progress(done, len(missing))
    if missing:
        caching.bump_register_version()
    return len(missing)


def _batches(items: list, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def _create_batch(batch: list, services: list, people: dict) -> None:
    now, reviewer = timezone.now(), people["reviewer"]
    entries = []
    for number, ref in batch:
        service = services[number % len(services)]
        member = people[f"{service.ministry.slug}_editor"]
        entries.append(_entry(number, ref, service, member, now, reviewer=reviewer))
    SocialAccount.objects.bulk_create(entries)
    ReviewEvent.objects.bulk_create(
        event for entry in entries for event in _events(entry, reviewer)
    )
    # Django stamps created_at and updated_at on insert; the entry's history says when they were.
    SocialAccount.objects.filter(pk__in=[e.pk for e in entries]).update(
        created_at=F("submitted_at") - datetime.timedelta(days=2),
        updated_at=F("status_changed_at"),
    )


def _status(number: int) -> str:
    if number % 20 == 0:
        return Status.CLOSED
    if number % 20 == 7:
        return Status.SUSPENDED
    return Status.VERIFIED


def _entry(number: int, ref, service: Service, member, now, *, reviewer) -> SocialAccount:
    status = _status(number)
    verified_at = now - datetime.timedelta(days=number % 360 + 30, minutes=number % 600)
    changed_at = verified_at
    if status != Status.VERIFIED:
        changed_at += datetime.timedelta(days=number % 25 + 1)
    return SocialAccount(
        platform=ref.platform,
        handle=ref.handle,
        url=ref.url,
        display_name=f"{service.short_name or service.ministry.short_name} {number}",
        service=service,
        team_name=f"Cellule communication {service.short_name}",
        team_email=f"social.{service.slug}@{service.ministry.slug}.example",
        languages=LANGUAGES[number % len(LANGUAGES)],
        purpose=PURPOSES[number % len(PURPOSES)],
        status=status,
        public_notice=NOTICE if status == Status.SUSPENDED else "",
        created_by=member,
        assigned_reviewer=reviewer,
        submitted_at=verified_at - datetime.timedelta(days=3),
        verified_at=verified_at,
        last_confirmed_at=verified_at,
        next_review_due=timezone.localdate(verified_at)
        + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS),
        closed_at=changed_at if status == Status.CLOSED else None,
        status_changed_at=changed_at,
        version=6 if status != Status.VERIFIED else 5,
    )


def _events(entry: SocialAccount, reviewer) -> list[ReviewEvent]:
    member, verified_at = entry.created_by, entry.verified_at
    day = datetime.timedelta(days=1)

    def event(move, at, actor, before, after, **extra) -> ReviewEvent:
        return ReviewEvent(
            entry=entry,
            actor=actor,
            move=move,
            from_status=before,
            to_status=after,
            created_at=at,
            **extra,
        )

    d, s, v = Status.DRAFT, Status.SUBMITTED, Status.VERIFIED
    events = [
        event(Move.CREATE, verified_at - 5 * day, member, "", d),
        event(Move.SUBMIT, entry.submitted_at, member, d, s),
        event(Move.ASSIGN, verified_at - day, reviewer, s, s, assignee=reviewer),
        event(Move.VERIFY, verified_at, reviewer, s, v),
    ]
    ended = entry.status_changed_at
    if entry.status == Status.SUSPENDED:
        suspended = {"reason": Reason.COMPROMISED, "message": NOTICE}
        events.append(event(Move.SUSPEND, ended, reviewer, v, entry.status, **suspended))
    elif entry.status == Status.CLOSED:
        closed = {"message": "Le service n'utilise plus ce compte."}
        events.append(event(Move.CLOSE, ended, member, v, entry.status, **closed))
    return events
