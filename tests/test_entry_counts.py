"""The public lists' counts, kept by the database, and their order at any size.

The counts per service, platform, status and languages are kept by triggers (migration 0013):
whatever changes an entry (a workflow move, an edit, a bulk update, a deletion, a bulk seed),
they equal what a COUNT(*) over the register gives. The directory, the ministry pages and the
API show those numbers, and their pages come in the same order whichever way they are read.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from accounts.models import Ministry, Service
from registry import workflow
from registry.demo.bulk import bulk_name
from registry.demo.government import ensure_government
from registry.listing import SEARCH_COUNT_LIMIT
from registry.models import (
    CURRENT_STATUSES,
    PUBLIC_STATUSES,
    EntryCount,
    Reason,
    SocialAccount,
    Status,
)
from registry.public.views.pages import MINISTRY_PAGE_SIZE
from registry.search import search_entries

pytestmark = pytest.mark.django_db


def kept_counts() -> dict:
    rows = EntryCount.objects.filter(entries__gt=0)
    return {(r.service_id, r.platform, r.status, r.languages): r.entries for r in rows}


def counted_counts() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT service_id, platform, status, languages, count(*) FROM registry_socialaccount "
            "GROUP BY service_id, platform, status, languages"
        )
        return {tuple(row[:4]): row[4] for row in cursor.fetchall()}


def suspend(entry, reviewer):
    workflow.suspend(
        entry, by=reviewer, version=entry.version, reason=Reason.COMPROMISED, message="Piraté."
    )


def close(entry, reviewer):
    workflow.close(entry, by=entry.created_by, version=entry.version, message="Fin.")


def move_to_other_service(entry, reviewer, service_b):
    entry.service = service_b
    entry.save()


def change_languages(entry, reviewer):
    entry.languages = ["de"]
    entry.save()


def close_in_bulk(entry, reviewer):
    SocialAccount.objects.filter(status=Status.VERIFIED).update(status=Status.CLOSED)


def delete(entry, reviewer):
    # Nobody deletes an entry in the application; an operator may, in the database.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_reviewevent WHERE entry_id = %s", [entry.pk])
        cursor.execute("DELETE FROM registry_socialaccount WHERE id = %s", [entry.pk])


def seed_many(entry, reviewer):
    call_command("seed_bulk", "--accounts", "150", "--batch-size", "40", stdout=None)


CHANGES = [
    suspend,
    close,
    change_languages,
    close_in_bulk,
    delete,
    pytest.param(
        seed_many,
        marks=pytest.mark.postgres_only(reason="seed_bulk is PostgreSQL's SQL (test_seed_bulk)"),
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_the_kept_counts_follow_every_change(make_entry, reviewer, change):
    entry = make_entry(Status.VERIFIED)
    make_entry(Status.VERIFIED)
    make_entry(Status.SUSPENDED)
    assert kept_counts() == counted_counts()
    change(entry, reviewer)
    assert kept_counts() == counted_counts()


def test_the_kept_counts_follow_a_change_of_service(make_entry, reviewer, service_b):
    entry = make_entry(Status.VERIFIED)
    move_to_other_service(entry, reviewer, service_b)
    assert kept_counts() == counted_counts()
    assert EntryCount.objects.selected(statuses=[Status.VERIFIED], service=service_b.slug).total()


def results_heading(response) -> str:
    heading = re.search(r'<h2 id="results-title">([^<]*)</h2>', response.content.decode())
    return heading.group(1)


@pytest.fixture
def register(make_entry, service_a, service_b):
    """Public and non-public entries over two ministries, three platforms and two languages."""
    statuses = [*PUBLIC_STATUSES, Status.DRAFT, Status.SUBMITTED, Status.VERIFIED]
    for n in range(18):
        make_entry(
            statuses[n % len(statuses)],
            service=service_a if n % 3 else service_b,
            platform=["x", "youtube", "github"][n % 3],
            languages=[["fr"], ["de", "en"]][n % 2],
            display_name=f"Compte {'santé' if n % 4 == 0 else 'public'} {n}",
        )


# Directory filters, and the entries they select.
DIRECTORY_FILTERS = [
    ({}, {"status__in": [Status.VERIFIED, Status.SUSPENDED]}),
    ({"state": "all"}, {}),
    ({"state": "closed"}, {"status": Status.CLOSED}),
    ({"platform": "youtube"}, {"platform": "youtube", "status__in": ["verified", "suspended"]}),
    ({"ministry": "{ministry}", "state": "verified"}, {"status": Status.VERIFIED, "m": True}),
    ({"service": "{service}", "state": "all"}, {"service": True}),
    ({"platform": "nowhere"}, {"status__in": [Status.VERIFIED, Status.SUSPENDED]}),  # ignored
    ({"q": "santé", "state": "all"}, {"q": "santé"}),
    ({"q": "zzz"}, {"q": "zzz", "status__in": [Status.VERIFIED, Status.SUSPENDED]}),
]


def expected_entries(selected: dict, service_a):
    entries = SocialAccount.objects.public()
    selected = dict(selected)
    if selected.pop("m", False):
        entries = entries.filter(service__ministry=service_a.ministry)
    if selected.pop("service", False):
        entries = entries.filter(service=service_a)
    if "q" in selected:
        entries = search_entries(entries, selected.pop("q"))
    return entries.filter(**selected).order_by("display_name", "pk")


@pytest.mark.parametrize(("query", "selected"), DIRECTORY_FILTERS)
def test_the_directory_shows_how_many_entries_its_filters_select(
    client, register, english, service_a, query, selected
):
    query = {
        k: v.format(ministry=service_a.ministry.slug, service=service_a.slug)
        for k, v in query.items()
    }
    response = client.get("/en/", query)
    expected = expected_entries(selected, service_a)
    count = expected.count()
    assert results_heading(response) == f"{count} account{'s' if count != 1 else ''}"
    assert list(response.context["page"].object_list) == list(expected[:25])


def test_the_facets_count_the_current_entries(client, register, english, service_a):
    current = SocialAccount.objects.public().filter(status__in=["verified", "suspended"])
    response = client.get("/en/")
    platforms = dict(response.context["filter"].form.fields["platform"].choices)
    assert platforms["youtube"] == f"YouTube ({current.filter(platform='youtube').count()})"
    ministries = dict(response.context["filter"].form.fields["ministry"].choices)
    in_a = current.filter(service__ministry=service_a.ministry).count()
    assert ministries[service_a.ministry.slug].endswith(f"({in_a})")


@pytest.fixture
def many_entries(make_entry, editor):
    """More public entries than SEARCH_COUNT_LIMIT (`bulk…`, as seed_bulk names them, which is
    PostgreSQL's SQL), over the demo government's services, in one statement on either database."""
    ensure_government()
    services = list(Service.objects.order_by("slug"))
    statuses = [Status.VERIFIED] * 18 + [Status.SUSPENDED, Status.CLOSED]
    SocialAccount.objects.bulk_create(
        SocialAccount(
            platform=SocialAccount.Platform.X,
            handle=bulk_name(n),
            url=f"https://x.com/{bulk_name(n)}",
            display_name=f"{services[n % len(services)].short_name or 'Compte'} {n}",
            service=services[n % len(services)],
            status=statuses[n % len(statuses)],
            languages=["fr"],
            created_by=editor,
        )
        for n in range(1, SEARCH_COUNT_LIMIT + 501)
    )


def test_a_search_matching_more_than_the_limit_says_so_and_lists_the_first_ones(
    client, many_entries, english
):
    response = client.get("/en/", {"q": "bulk", "page": "1000"})
    assert results_heading(response) == f"More than {SEARCH_COUNT_LIMIT} accounts"
    assert "to narrow the search" in response.content.decode()
    page = response.context["page"]
    assert page.number == SEARCH_COUNT_LIMIT // 25  # the last page offered
    matching = search_entries(SocialAccount.objects.public(), "bulk")
    current = matching.filter(status__in=["verified", "suspended"]).order_by("display_name", "pk")
    assert list(page.object_list) == list(current[SEARCH_COUNT_LIMIT - 25 : SEARCH_COUNT_LIMIT])


def test_an_api_search_matching_more_than_the_limit_offers_the_first_ones_and_says_so(
    client, many_entries
):
    matching = search_entries(SocialAccount.objects.public(), "bulk")
    assert matching.count() > SEARCH_COUNT_LIMIT
    last = client.get(
        "/api/v1/accounts/",
        {"q": "bulk", "page_size": 200, "page": 5},
        headers={"Origin": "https://news.example"},
    )
    assert last.json()["count"] == SEARCH_COUNT_LIMIT
    assert last["Registry-Count-Capped"] == "true"
    assert "Registry-Count-Capped" in last["Access-Control-Expose-Headers"]  # for browsers
    assert last.json()["next"] is None  # the first 1,000 are offered
    ordered = matching.order_by("display_name", "pk")
    listed = [row["id"] for row in last.json()["results"]]
    assert listed == [e.pk for e in ordered[SEARCH_COUNT_LIMIT - 200 : SEARCH_COUNT_LIMIT]]
    assert client.get("/api/v1/accounts/", {"q": "bulk", "page": 21}).status_code == 404
    narrower = client.get("/api/v1/accounts/", {"q": "bulk00001"})
    assert (
        narrower.json()["count"]
        == search_entries(SocialAccount.objects.public(), "bulk00001").count()
    )
    assert "Registry-Count-Capped" not in narrower


def test_the_pages_of_a_ministry_follow_its_services_then_the_names(client, many_entries, english):
    ministry = Ministry.objects.annotate(n=Count("services__entries")).order_by("-n")[0]
    services_in_order = ministry.services.order_by("name_en", "pk")
    expected = [
        entry.pk
        for service in services_in_order
        for entry in SocialAccount.objects.public()
        .filter(service=service)
        .order_by("display_name", "pk")
    ]
    assert len(expected) > MINISTRY_PAGE_SIZE  # several pages
    shown = []
    for number in range(1, len(expected) // MINISTRY_PAGE_SIZE + 2):
        response = client.get(f"/en/ministries/{ministry.slug}/", {"page": number})
        shown += [entry.pk for entry in response.context["page"].object_list]
        groups = response.context["groups"]
        assert all(entry.service == service for service, group in groups for entry in group)
    assert shown == expected
    current = SocialAccount.objects.filter(
        service__ministry=ministry, status__in=["verified", "suspended"]
    )
    assert response.context["count"] == current.count()


# API filters, and the entries they select.
API_FILTERS = [
    {},
    {"platform": "github"},
    {"status": "closed"},
    {"language": "de"},
    {"ministry": "{ministry}"},
    {"service": "{service}", "platform": "x"},
    {"ministry": "nowhere"},
    {"q": "santé"},
    {"updated_since": "2000-01-01"},
]


def api_expected(query: dict, service_a):
    entries = SocialAccount.objects.public()
    for name, value in query.items():
        entries = {
            "platform": lambda e, v: e.filter(platform=v),
            "status": lambda e, v: e.filter(status=v),
            "language": lambda e, v: e.filter(languages__contains=v),
            "ministry": lambda e, v: e.filter(service__ministry__slug=v),
            "service": lambda e, v: e.filter(service__slug=v),
            "q": search_entries,
            "updated_since": lambda e, v: e.filter(updated_at__date__gte=v),
        }[name](entries, value)
    return entries.order_by("display_name", "pk")


@pytest.mark.parametrize("query", API_FILTERS, ids=str)
def test_the_api_counts_and_orders_what_its_filters_select(client, register, service_a, query):
    query = {
        k: v.format(ministry=service_a.ministry.slug, service=service_a.slug)
        for k, v in query.items()
    }
    answer = client.get("/api/v1/accounts/", {**query, "page_size": 4}).json()
    expected = api_expected(query, service_a)
    assert answer["count"] == expected.count()
    assert [row["id"] for row in answer["results"]] == [e.pk for e in expected[:4]]


def test_a_service_of_another_language_orders_the_ministry_page_in_that_language(
    client, service_a, make_entry, english
):
    second = Service.objects.create(
        ministry=service_a.ministry,
        kind=Service.Kind.DEPARTMENT,
        slug="zz-first-in-english",
        name_fr="Zzz",
        name_de="Zzz",
        name_en="Aaa first",
    )
    make_entry(Status.VERIFIED, service=service_a)
    make_entry(Status.VERIFIED, service=second)
    response = client.get(f"/en/ministries/{service_a.ministry.slug}/")
    assert [service for service, _ in response.context["groups"]] == [second, service_a]


def test_the_api_counts_each_ministry_service_and_platform_from_the_kept_counts(
    client, register, service_a, service_b
):
    public = SocialAccount.objects.public()
    ministries = {m["slug"]: m for m in client.get("/api/v1/ministries/").json()}
    for service in (service_a, service_b):
        listed = ministries[service.ministry.slug]
        assert (
            listed["public_accounts"] == public.filter(service__ministry=service.ministry).count()
        )
        counted = {s["slug"]: s["public_accounts"] for s in listed["services"]}
        assert counted[service.slug] == public.filter(service=service).count()
    platforms = {p["slug"]: p["public_accounts"] for p in client.get("/api/v1/platforms/").json()}
    assert platforms == {slug: public.filter(platform=slug).count() for slug in platforms}
    assert sum(platforms.values()) == public.count()


def every_page_of_the_api(client, query: dict, *, page_size: int, count: int) -> list[int]:
    """The ids of every page of the API's list for `query`, each page saying `count`."""
    listed, page = [], 1
    while True:
        answer = client.get(
            "/api/v1/accounts/", {**query, "page_size": page_size, "page": page}
        ).json()
        assert answer["count"] == count
        listed += [row["id"] for row in answer["results"]]
        if not answer["next"]:
            return listed
        page += 1


@pytest.fixture
def clustered_register(make_entry, service_a, ministry_a):
    """Names that go with services and statuses (as real ones do: "ACD …", "SNJ …"): a walk of
    the name index meets one service's or one status's entries only at the end."""
    second = Service.objects.create(
        ministry=ministry_a, kind=Service.Kind.ADMINISTRATION, slug="douanes",
        name_fr="Douanes", name_de="Zoll", name_en="Customs",
    )  # fmt: skip
    statuses = [Status.VERIFIED, Status.VERIFIED, Status.SUSPENDED, Status.CLOSED, Status.DRAFT]
    for n in range(30):
        service = service_a if n < 18 else second
        prefix = "Zeta" if service == second else "Alpha"
        make_entry(
            statuses[n % 5] if n < 25 else Status.SUSPENDED,
            service=service,
            platform=["x", "github"][n % 2],
            display_name=f"{prefix} {n % 7:02d}",  # equal names: the id decides
        )


PART_QUERIES = [
    {"ministry": "{ministry}"},
    {"ministry": "{ministry}", "status": "suspended"},
    {"ministry": "{ministry}", "platform": "github"},
    {"service": "douanes"},
    {"service": "{service}", "status": "closed"},
    {"status": "suspended"},
    {"status": "closed", "platform": "x"},
    {"service": "douanes", "ministry": "nowhere"},
]


@pytest.mark.parametrize("query", PART_QUERIES, ids=str)
def test_a_list_read_in_parts_gives_every_page_in_name_order(
    client, clustered_register, service_a, query
):
    query = {
        k: v.format(ministry=service_a.ministry.slug, service=service_a.slug)
        for k, v in query.items()
    }
    expected = [entry.pk for entry in api_expected(query, service_a)]
    assert every_page_of_the_api(client, query, page_size=3, count=len(expected)) == expected


@pytest.mark.parametrize(
    "query",
    [{"ministry": "{ministry}", "state": "all"}, {"service": "douanes"}, {"state": "suspended"}],
    ids=str,
)
def test_the_directory_read_in_parts_lists_its_entries_in_name_order(
    client, clustered_register, service_a, english, query
):
    query = {k: v.format(ministry=service_a.ministry.slug) for k, v in query.items()}
    response = client.get("/en/", query)
    entries = SocialAccount.objects.public()
    if "ministry" in query:
        entries = entries.filter(service__ministry=service_a.ministry)
    if "service" in query:
        entries = entries.filter(service__slug=query["service"], status__in=CURRENT_STATUSES)
    if query.get("state") == "suspended":
        entries = entries.filter(status=Status.SUSPENDED)
    expected = list(entries.order_by("display_name", "pk"))
    assert list(response.context["page"].object_list) == expected[:25]


@pytest.fixture
def searched_register(clustered_register, make_entry, service_b):
    """Besides the entries of the service "Douanes", entries of another ministry whose own names
    say "douanes", at both ends of the alphabet."""
    for n, name in enumerate(["Aa douanes info", "Zz Douanes partenaires", "Mm DOUANES"]):
        make_entry([Status.VERIFIED, Status.CLOSED, Status.SUSPENDED][n], service=service_b,
                   display_name=name)  # fmt: skip


SEARCHES = [
    {"q": "douanes"},
    {"q": "douanes", "status": "suspended"},
    {"q": "douanes zeta"},
    {"q": "alpha", "ministry": "{ministry}"},
    {"q": "douanes", "platform": "github"},
    {"q": "nowhere"},
]


@pytest.mark.parametrize("query", SEARCHES, ids=str)
def test_a_search_read_in_parts_counts_and_orders_every_page(
    client, searched_register, service_a, query
):
    query = {k: v.format(ministry=service_a.ministry.slug) for k, v in query.items()}
    expected = [entry.pk for entry in api_expected(query, service_a)]
    assert every_page_of_the_api(client, query, page_size=2, count=len(expected)) == expected


@pytest.mark.parametrize("query", [{"q": "douanes"}, {"q": "douanes", "state": "all"}], ids=str)
def test_the_directory_lists_a_search_read_in_parts_in_name_order(
    client, searched_register, english, query
):
    response = client.get("/en/", query)
    entries = search_entries(SocialAccount.objects.public(), "douanes")
    if "state" not in query:
        entries = entries.filter(status__in=CURRENT_STATUSES)
    expected = list(entries.order_by("display_name", "pk"))
    assert len(expected) > 3  # the service's entries and the others' own names
    assert list(response.context["page"].object_list) == expected[:25]
