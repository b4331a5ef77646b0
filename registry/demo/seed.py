"""Loading the demo government and its accounts: creates what is missing, changes nothing else."""

import datetime
import hashlib

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import ExternalAgency, Service
from outbox.models import OutgoingEmail
from outbox.tasks import send_email
from registry.demo.accounts import ENTRIES, REPORTS, DemoEntry
from registry.demo.government import ensure_government, ensure_people
from registry.demo.story import play
from registry.demo.watch_story import WATCH_ENTRIES, already_seeded, play_watch
from registry.links import InvalidAccountURL, parse_account_url
from registry.models import Report, SocialAccount, Status
from registry.public_changes import register_changed

# The demo's addresses are on reserved domains: the e-mails its moves send go nowhere.
QUIET_MAIL = "django.core.mail.backends.locmem.EmailBackend"


def seed_demo() -> int:
    """Create the demo government, people, entries and reports; return how many entries are new."""
    already_queued = set(OutgoingEmail.objects.values_list("pk", flat=True))
    with override_settings(EMAIL_BACKEND=QUIET_MAIL):
        with transaction.atomic():
            ensure_government()
            people = ensure_people()
            created = sum(ensure_entry(item, people) is not None for item in ENTRIES)
            created += ensure_watch_story(people)
            ensure_reports(people)
            if created:
                register_changed()
        send_story_emails(exclude=already_queued)
    return created


def send_story_emails(*, exclude: set[int]) -> None:
    """The story's moves queued their e-mails like any move: send them now, to nowhere, so that
    the outbox shows them sent, and drop their jobs, so that the worker `make run` starts does
    not print them all."""
    story = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).exclude(pk__in=exclude)
    sent = set(story.values_list("pk", flat=True))
    for pk in sent:
        send_email.call(pk)
    jobs = DBTaskResult.objects.filter(status="READY", task_path=send_email.module_path)
    done = [job.pk for job in jobs if job.args_kwargs["args"][0] in sent]
    DBTaskResult.objects.filter(pk__in=done).delete()


def member_key(ministry_slug: str) -> str:
    return f"{ministry_slug}_editor"


def ensure_entry(item: DemoEntry, people: dict) -> SocialAccount | None:
    """The entry and its whole story, unless an entry for the same account exists already."""
    ref = parse_account_url(item.link)
    if SocialAccount.objects.filter(platform=ref.platform, handle=ref.handle).exists():
        return None
    service = Service.objects.select_related("ministry").get(slug=item.service)
    member = people[member_key(service.ministry.slug)]
    entry = SocialAccount.objects.create(
        platform=ref.platform,
        handle=ref.handle,
        url=ref.url,
        platform_account_id=item.account_id,
        display_name=item.display_name,
        kind=item.kind,
        minister_mode=item.minister_mode,
        campaign_end=datetime.date.fromisoformat(item.campaign_end) if item.campaign_end else None,
        service=service,
        team_name=item.team or f"Cellule communication {service.short_name}",
        team_email=f"{item.mailbox or 'social.' + service.slug}@{service.ministry.slug}.example",
        agency=ExternalAgency.objects.get(name=item.agency) if item.agency else None,
        languages=list(item.languages),
        purpose=item.purpose,
        status=Status.DRAFT,
        created_by=member,
    )
    play(entry, item.story, people, member)
    events = entry.events.order_by("created_at", "id")
    # created_at and updated_at are stamped by Django on save; the story says when they were.
    SocialAccount.objects.filter(pk=entry.pk).update(
        created_at=events.first().created_at,
        updated_at=max([events.last().created_at, *(c.created_at for c in entry.changes.all())]),
    )
    return entry


def ensure_watch_story(people: dict) -> int:
    created = 0
    for number, item in enumerate(WATCH_ENTRIES):
        if already_seeded(item):
            continue
        entry = ensure_entry(item, people)
        if entry is not None:
            play_watch(entry, number, people)
            last_event = entry.events.order_by("created_at").last().created_at
            SocialAccount.objects.filter(pk=entry.pk).update(updated_at=last_event)
            created += 1
    return created


def ensure_reports(people: dict) -> None:
    now = timezone.now()
    for number, (link, note, status, days, handling) in enumerate(REPORTS, start=1):
        try:
            ref = parse_account_url(link)
            platform, handle = ref.platform, ref.handle
        except InvalidAccountURL:
            platform = handle = ""
        received = now - datetime.timedelta(days=days, hours=3)
        handled = status != Report.Status.OPEN
        Report.objects.get_or_create(
            url=link,
            note=note,
            defaults={
                "platform": platform,
                "handle": handle,
                "entry": SocialAccount.objects.live()
                .filter(platform=platform, handle=handle)
                .first(),
                "client_hash": hashlib.sha256(f"demo-report-{number}".encode()).hexdigest(),
                "status": status,
                "created_at": received,
                "handled_by": people["reviewer"] if handled else None,
                "handled_at": received + datetime.timedelta(hours=20) if handled else None,
                "handling_note": handling,
            },
        )
