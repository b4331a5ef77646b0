"""Many realistic public entries at once, for measuring the registry at scale (`seed_bulk`).

Entry number n is the account `bulk<n>` (zero-padded) on one of several platforms (its handle
contains it: LinkedIn says `company/bulk…`, YouTube `@bulk…`), so the
entries are recognisable, each (platform, handle) is unique, and asking again for the same N
creates nothing. Each entry has the events of its life (created, submitted, assigned, verified,
then suspended or closed). Checklists are not stored with these events: they measure size, not
the review pages.

A million entries (and their four to five million events) must be written in minutes, so no
row passes through Python: PostgreSQL makes them from `generate_series`, one batch of numbers
per transaction (`INSERT … SELECT`, the events in the same statement). Python computes only what
is the same for many rows, from the real code: each platform's link and handle for a name (the
link parser), each service's ids and names, the stored form of each list of languages.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Service
from registry.demo.government import DEMO_PASSWORD, ensure_government, ensure_people
from registry.links import parse_account_url
from registry.models import Move, Reason, ReviewEvent, SocialAccount, Status
from registry.public_changes import register_changed

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
CLOSE_MESSAGE = "Le service n'utilise plus ce compte."
SAMPLE = "bulk000000"  # a name the link parser keeps as it is, replaced by each entry's own


def bulk_name(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def bulk_link(number: int) -> str:
    return LINKS[number % len(LINKS)].format(bulk_name(number))


def seed_bulk(total: int, *, batch_size: int = 50000, progress: Callable | None = None) -> int:
    """Make entries bulk1..bulk<total> exist; return how many were created."""
    ensure_government()
    # The actors of the bulk history; outside debug (a benchmark server) nobody can sign in as them.
    people = ensure_people(DEMO_PASSWORD if settings.DEBUG else None)
    params = _shared_values(people)
    created = 0
    for first in range(1, total + 1, batch_size):
        last = min(first + batch_size - 1, total)
        created += _create_batch(first, last, params)
        if progress:
            progress(last, total)
    if created:
        register_changed()
    return created


def _platform_forms() -> tuple[list[str], list[str], list[str]]:
    """Per link template: the platform, and the handle and link of the name SAMPLE, as the link
    parser gives them (SQL replaces SAMPLE by each entry's name)."""
    refs = [parse_account_url(link.format(SAMPLE)) for link in LINKS]
    return [r.platform for r in refs], [r.handle for r in refs], [r.url for r in refs]


def _shared_values(people: dict) -> dict:
    """The query's parameters: everything that is the same for many rows."""
    services = list(Service.objects.select_related("ministry").order_by("slug"))
    platforms, handles, urls = _platform_forms()
    languages = SocialAccount._meta.get_field("languages")
    defaults = SocialAccount()
    return {
        "platforms": platforms,
        "handles": handles,
        "urls": urls,
        "sample": SAMPLE,
        "prefix": PREFIX,
        "service_ids": [s.pk for s in services],
        "members": [people[f"{s.ministry.slug}_editor"].pk for s in services],
        "names": [s.short_name or s.ministry.short_name for s in services],
        "teams": [f"Cellule communication {s.short_name}" for s in services],
        "emails": [f"social.{s.slug}@{s.ministry.slug}.example" for s in services],
        "languages": [languages.get_prep_value(codes) for codes in LANGUAGES],
        "purposes": PURPOSES,
        "reviewer": people["reviewer"].pk,
        "now": timezone.now(),
        "zone": settings.TIME_ZONE,
        "review_days": settings.REVIEW_INTERVAL_DAYS,
        "notice": NOTICE,
        "close_message": CLOSE_MESSAGE,
        "verified": Status.VERIFIED,
        "suspended": Status.SUSPENDED,
        "closed": Status.CLOSED,
        "draft": Status.DRAFT,
        "submitted": Status.SUBMITTED,
        "compromised": Reason.COMPROMISED,
        "kind": defaults.kind,
        "minister_mode": defaults.minister_mode,
        "self_assessment": _db_value(SocialAccount, "self_assessment", defaults.self_assessment),
        "checklist": _db_value(ReviewEvent, "checklist", []),
        **{f"move_{move.name.lower()}": move.value for move in Move},
    }


def _db_value(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


@transaction.atomic
def _create_batch(first: int, last: int, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(SELECT_NEW, {**params, "first": first, "last": last})
        cursor.execute(INSERT_ENTRIES, params)
        cursor.execute("SELECT count(*) FROM new_bulk_entries")
        (created,) = cursor.fetchone()
        cursor.execute(INSERT_EVENTS, params)
        cursor.execute("DROP TABLE new_bulk_entries")
    return created


# One row per number of the batch whose (platform, handle) is not registered yet; n % 13 picks
# the platform (as `bulk_link`), n % len(services) the service, as the Python seed did.
SELECT_NEW = """
CREATE TEMPORARY TABLE new_bulk_entries AS
WITH numbers AS (
    SELECT n, n %% cardinality(%(platforms)s::text[]) + 1 AS p,
           n %% cardinality(%(service_ids)s::bigint[]) + 1 AS s,
           %(prefix)s || lpad(n::text, greatest(6, length(n::text)), '0') AS name,
           CASE WHEN n %% 20 = 0 THEN %(closed)s WHEN n %% 20 = 7 THEN %(suspended)s
                ELSE %(verified)s END AS status,
           %(now)s::timestamptz - make_interval(days => (n %% 360 + 30)::int,
                                                mins => (n %% 600)::int) AS verified_at
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
), shaped AS (
    SELECT numbers.*,
           (%(platforms)s::text[])[p] AS platform,
           replace((%(handles)s::text[])[p], %(sample)s, name) AS handle,
           replace((%(urls)s::text[])[p], %(sample)s, name) AS url,
           verified_at + CASE WHEN status = %(verified)s THEN interval '0'
                              ELSE make_interval(days => (n %% 25 + 1)::int) END AS changed_at
    FROM numbers
)
SELECT * FROM shaped
WHERE NOT EXISTS (
    SELECT 1 FROM registry_socialaccount e
    WHERE e.platform = shaped.platform AND e.handle = shaped.handle
)
"""
INSERT_ENTRIES = """
INSERT INTO registry_socialaccount (
    platform, handle, url, platform_account_id, control_code, display_name, kind, minister_mode,
    team_name, team_email, team_phone, languages, purpose, self_assessment, status,
    public_notice, created_at, updated_at, submitted_at, verified_at, last_confirmed_at,
    closed_at, status_changed_at, next_review_due, version, assigned_reviewer_id,
    created_by_id, service_id
)
SELECT platform, handle, url, '', '', (%(names)s::text[])[s] || ' ' || n, %(kind)s,
       %(minister_mode)s, (%(teams)s::text[])[s], (%(emails)s::text[])[s], '',
       (%(languages)s::text[])[n %% 5 + 1], (%(purposes)s::text[])[n %% 4 + 1],
       %(self_assessment)s, status, CASE WHEN status = %(suspended)s THEN %(notice)s ELSE '' END,
       verified_at - interval '5 days', changed_at, verified_at - interval '3 days',
       verified_at, verified_at, CASE WHEN status = %(closed)s THEN changed_at END, changed_at,
       (verified_at AT TIME ZONE %(zone)s)::date + %(review_days)s::int,
       CASE WHEN status = %(verified)s THEN 5 ELSE 6 END, %(reviewer)s,
       (%(members)s::bigint[])[s], (%(service_ids)s::bigint[])[s]
FROM new_bulk_entries ORDER BY n
"""

# The events of each new entry's life, found again by its (platform, handle).
INSERT_EVENTS = """
INSERT INTO registry_reviewevent (
    move, from_status, to_status, reason, message, checklist, created_at, actor_id,
    assignee_id, entry_id
)
SELECT m.move, m.from_status, m.to_status, m.reason, m.message, %(checklist)s, m.created_at,
       m.actor_id, m.assignee_id, e.id
FROM new_bulk_entries b
JOIN registry_socialaccount e ON e.platform = b.platform AND e.handle = b.handle
CROSS JOIN LATERAL (VALUES
    (1, %(move_create)s, '', %(draft)s, '', '', b.verified_at - interval '5 days',
     e.created_by_id, NULL::bigint),
    (2, %(move_submit)s, %(draft)s, %(submitted)s, '', '', b.verified_at - interval '3 days',
     e.created_by_id, NULL),
    (3, %(move_assign)s, %(submitted)s, %(submitted)s, '', '', b.verified_at - interval '1 day',
     %(reviewer)s::bigint, %(reviewer)s::bigint),
    (4, %(move_verify)s, %(submitted)s, %(verified)s, '', '', b.verified_at,
     %(reviewer)s::bigint, NULL),
    (5, %(move_suspend)s, %(verified)s, %(suspended)s, %(compromised)s, %(notice)s, b.changed_at,
     %(reviewer)s::bigint, NULL),
    (6, %(move_close)s, %(verified)s, %(closed)s, '', %(close_message)s, b.changed_at,
     e.created_by_id, NULL)
) AS m(step, move, from_status, to_status, reason, message, created_at, actor_id, assignee_id)
WHERE m.step <= 4 OR (m.step = 5 AND b.status = %(suspended)s)
   OR (m.step = 6 AND b.status = %(closed)s)
ORDER BY e.id, m.step
"""
