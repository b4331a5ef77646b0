"""The directory's search (registry.search): what it finds, in which order, and that PostgreSQL
answers it from the trigram indexes of migration 0005 rather than by reading every entry."""

import pytest
from django.db import connection

from registry.models import SocialAccount, Status
from registry.search import entries_containing, in_name_order, search_entries


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


def test_the_api_filter_matches_the_whole_text_in_name_or_handle(entries):
    matches = entries_containing(SocialAccount.objects.all(), "PUBLIQUE")
    assert list(matches.values_list("handle", flat=True)) == ["gouvlu_sante"]
    assert not entries_containing(SocialAccount.objects.all(), "santé vaccins").exists()


def test_results_come_in_name_order_whether_searched_or_not(make_entry):
    for name in ["b Santé", "a santé", "C SANTE", "Ä santé"]:
        make_entry(Status.VERIFIED, display_name=name)
    every = list(in_name_order(SocialAccount.objects.all(), searching=False))
    searched = list(in_name_order(search_entries(SocialAccount.objects.all(), "sante"), True))
    assert searched == every
    assert [e.display_name for e in searched] == sorted(
        [e.display_name for e in searched], key=lambda n: [e.display_name for e in every].index(n)
    )


@pytest.mark.parametrize("index", ["entry_name_search", "entry_handle_search"])
def test_postgresql_finds_the_words_through_the_trigram_indexes(entries, index):
    matches = search_entries(SocialAccount.objects.order_by(), "douanes")
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
