"""The directory's search: every word of the query found in an entry's name or handle, or in the
names of its service or ministry, whatever the case and, on PostgreSQL, the accents.

On PostgreSQL the entry's own fields are compared through `registry_fold()` (migration 0005),
whose trigram indexes find "santé" in 100,000 names without reading them all. Services and
ministries are few: the ones a word names are looked up first, and their entries found by
`service_id`. On SQLite (`make run`) the comparison is a plain case-insensitive match.
"""

from django.db import connections
from django.db.models import Func, Q, TextField, Value
from django.db.models.lookups import Contains

from accounts.models import Service

MAX_WORDS = 8
ENTRY_FIELDS = ("display_name", "handle")
SERVICE_FIELDS = (
    "name_fr",
    "name_de",
    "name_en",
    "short_name",
    "ministry__name_fr",
    "ministry__name_de",
    "ministry__name_en",
    "ministry__short_name",
)


class Fold(Func):
    """`registry_fold(text)`: the text unaccented and in upper case, as the indexes hold it."""

    function = "registry_fold"
    output_field = TextField()


class Unindexed(Func):
    """The same text in a form that no index holds (same value, same collation, same order)."""

    template = "(%(expressions)s || '')"


def words_of(text: str) -> list[str]:
    """The words searched for: at most MAX_WORDS, a handle's leading @ dropped."""
    return [w for w in (word.lstrip("@") for word in text.split()[:MAX_WORDS]) if w]


def search_entries(queryset, text: str):
    """`queryset` narrowed to the entries that contain every word of `text`."""
    folding = connections[queryset.db].vendor == "postgresql"
    for word in words_of(text):
        queryset = queryset.filter(_entry_matches(word, folding, queryset.db))
    return queryset


def in_name_order(queryset, searching: bool):
    """The directory's order, name then id. Unfiltered, PostgreSQL walks the name index and stops
    after a page. Searched, it would walk that index too, reading most of the register when the
    matches are few or far down the alphabet (270 ms for "police" in 100,000 names); sorting
    the matches found through the trigram indexes costs at most 60 ms there, however many."""
    if searching:
        return queryset.order_by(Unindexed("display_name"), "pk")
    return queryset.order_by("display_name", "pk")


def entries_containing(queryset, text: str):
    """`queryset` narrowed to the entries whose name or handle contains `text` as a whole."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(Q(display_name__icontains=text) | Q(handle__icontains=text))
    return queryset.filter(_folded_contains(ENTRY_FIELDS, text))


def _folded_contains(fields, text: str) -> Q:
    matches = Q()
    for field in fields:
        matches |= Q(Contains(Fold(field), Fold(Value(text))))
    return matches


def _entry_matches(word: str, folding: bool, using: str) -> Q:
    lookup = "unaccent__icontains" if folding else "icontains"
    named = Q()
    for field in SERVICE_FIELDS:
        named |= Q(**{f"{field}__{lookup}": word})
    # A list, not a subquery: PostgreSQL then combines the index on service_id with the
    # trigram indexes (a subquery would make it read every entry).
    services = list(Service.objects.using(using).filter(named).values_list("pk", flat=True))
    if folding:
        return Q(service_id__in=services) | _folded_contains(ENTRY_FIELDS, word)
    return Q(service_id__in=services) | Q(display_name__icontains=word) | Q(handle__icontains=word)
