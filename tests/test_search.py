"""Every search of the register (registry.search): what it finds, in which order, that the
directory, the API, the workspace register and the review queue find the same, that SQLite
folds accents as PostgreSQL does, and that PostgreSQL answers from the trigram indexes of
migration 0005 rather than by reading every entry."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.urls import reverse

from registry.listing import Counted, in_name_order
from registry.models import SocialAccount, Status
from registry.search import fold, search_entries


@pytest.fixture
def entries(make_entry, service_b):
    make_entry(Status.VERIFIED, handle="gouvlu_sante", display_name="Santé publique")
    make_entry(Status.VERIFIED, handle="douanes_lux", display_name="Douanes et accises")
    make_entry(Status.VERIFIED, handle="police_lu", display_name="Police grand-ducale")
    make_entry(Status.VERIFIED, handle="hopital", display_name="Hôpital 100%_sûr")
    make_entry(
        Status.VERIFIED, handle="santecomm", display_name="Campagne vaccins", service=service_b
    )


def found(text: str) -> list[str]:
    matches = search_entries(SocialAccount.objects.all(), text)
    return sorted(matches.values_list("display_name", flat=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sante", ["Campagne vaccins", "Santé publique"]),  # a name, and a service's name
        ("SANTÉ publique", ["Santé publique"]),  # every word, whatever the case and accents
        ("DOUANE", ["Douanes et accises"]),
        ("@police_lu", ["Police grand-ducale"]),  # a handle, its @ dropped
        ("ucal", ["Police grand-ducale"]),  # inside a word
        ("Gesundheit", ["Campagne vaccins"]),  # the service in German
        ("Ministry of Health", ["Campagne vaccins"]),  # the ministry in English
        ("MSAN", ["Campagne vaccins"]),  # the ministry's short name
        ("Steuerverwaltung douanes", ["Douanes et accises"]),
        ("100%", ["Hôpital 100%_sûr"]),  # % and _ are letters here, not patterns
        ("0%_s", ["Hôpital 100%_sûr"]),
        ("%", ["Hôpital 100%_sûr"]),
        ("_", ["Douanes et accises", "Hôpital 100%_sûr", "Police grand-ducale", "Santé publique"]),
        ("lu", ["Douanes et accises", "Police grand-ducale", "Santé publique"]),  # two letters
        ("police vaccins", []),
        ("zzz", []),
    ],
)
def test_every_word_is_found_in_a_name_handle_service_or_ministry(entries, text, expected):
    assert found(text) == expected


def test_at_most_eight_words_are_searched(entries):
    assert found("douanes " * 8 + "nowhere") == ["Douanes et accises"]


@pytest.fixture
def accented(make_entry, service_b):
    make_entry(Status.VERIFIED, handle="armee_lu", display_name="Direction de la Défense")
    make_entry(Status.VERIFIED, handle="men_lu", display_name="ÉDUCATION nationale")
    make_entry(Status.VERIFIED, handle="other_lu", display_name="Tourisme", service=service_b)


def _directory(client, text):
    return client.get("/fr/", {"q": text}).content.decode()


def _api(client, text):
    return client.get("/api/v1/accounts/", {"q": text}).content.decode()


def _workspace(client, text, editor, central_admin):
    client.force_login(editor)
    return client.get(reverse("workspace:home"), {"q": text}).content.decode()


def _review(client, text, editor, central_admin):
    client.force_login(central_admin)
    return client.get(reverse("review:queue"), {"q": text, "need": "any"}).content.decode()


@pytest.mark.parametrize(
    ("text", "found", "not_found"),
    [
        ("defense", "armee_lu", "men_lu"),
        ("DÉFENSE", "armee_lu", "men_lu"),
        ("éducation", "men_lu", "armee_lu"),
        ("Education Nationale", "men_lu", "armee_lu"),
        ("@men_lu", "men_lu", "armee_lu"),
    ],
)
@pytest.mark.parametrize("where", ["directory", "api", "workspace", "review"])
def test_every_search_forgives_accents_and_case_the_same_way(
    client, accented, editor, central_admin, where, text, found, not_found
):
    if where == "directory":
        page = _directory(client, text)
    elif where == "api":
        page = _api(client, text)
    else:
        page = {"workspace": _workspace, "review": _review}[where](
            client, text, editor, central_admin
        )
    assert found in page
    assert not_found not in page


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Défense", "DEFENSE"),
        ("éducation", "EDUCATION"),
        ("Ministère de l'Économie", "MINISTERE DE L'ECONOMIE"),
        ("Gesundheitsministerium für Öffentliche", "GESUNDHEITSMINISTERIUM FUR OFFENTLICHE"),
        ("gouvlu_100%", "GOUVLU_100%"),
        ("", ""),
        (None, None),
    ],
)
def test_sqlite_folds_text_as_postgresql_does(db, text, folded):
    assert fold(text) == folded
    with connection.cursor() as cursor:  # PostgreSQL's registry_fold gives the same
        cursor.execute("SELECT registry_fold(%s)", [text])
        assert cursor.fetchone()[0] == folded


SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}


def test_a_django_sqlite_connection_folds_accents_in_sql(db):
    """The SQLite path for real (`make run`): a Django SQLite connection, which registers
    `registry_fold` when it opens, matching as the search does."""
    # A handler of its own (not django.db.connections): the tests' database stays PostgreSQL.
    sqlite = ConnectionHandler(SQLITE)["default"]
    try:
        with sqlite.cursor() as cursor:
            cursor.execute("CREATE TABLE entry (name TEXT)")
            for name in ("Direction de la Défense", "ÉDUCATION nationale", "Tourisme"):
                cursor.execute("INSERT INTO entry VALUES (%s)", [name])
            query = (
                "SELECT name FROM entry "
                "WHERE registry_fold(name) LIKE '%%' || registry_fold(%s) || '%%'"
            )
            cursor.execute(query, ["defense"])
            assert cursor.fetchall() == [("Direction de la Défense",)]
            cursor.execute(query, ["éducation"])
            assert cursor.fetchall() == [("ÉDUCATION nationale",)]
    finally:
        sqlite.close()


# Walking the name index (many matches, or more than were counted) and sorting the matches
# (few) give the same order.
@pytest.mark.parametrize("matches", [None, 1, 4, 100, 10_000])
def test_results_come_in_name_order_whichever_way_they_are_ordered(make_entry, matches):
    for name in ["b Santé", "a santé", "C SANTE", "Ä santé"]:
        make_entry(Status.VERIFIED, display_name=name)
    every = list(SocialAccount.objects.order_by("display_name", "pk"))
    matching = search_entries(SocialAccount.objects.all(), "sante")
    searched = list(in_name_order(matching, Counted(matches), rows_needed=25))
    assert searched == every
    assert [e.display_name for e in searched] == sorted(
        [e.display_name for e in searched], key=lambda n: [e.display_name for e in every].index(n)
    )


@pytest.mark.postgres_only(reason="the trigram indexes are PostgreSQL's (migration 0005)")
@pytest.mark.parametrize("index", ["entry_name_search", "entry_handle_search"])
def test_postgresql_finds_the_words_through_the_trigram_indexes(entries, index):
    matches = search_entries(SocialAccount.objects.order_by(), "douanes")
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
